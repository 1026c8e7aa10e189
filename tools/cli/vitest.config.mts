import { projectConfig } from '../../vitest.shared.mts';

// CLI tests spawn the real command (node + tsx) against a real NATS; allow for process start-up.
export default projectConfig('cli', import.meta.dirname, { testTimeout: 120_000 });
