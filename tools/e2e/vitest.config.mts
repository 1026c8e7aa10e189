import { projectConfig } from '../../vitest.shared.mts';

// End-to-end and fault tests: built services as child processes, private nats-servers.
export default projectConfig('e2e', import.meta.dirname, { testTimeout: 120_000 });
