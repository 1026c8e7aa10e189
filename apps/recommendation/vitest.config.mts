import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('recommendation', import.meta.dirname, { testTimeout: 60_000 });
