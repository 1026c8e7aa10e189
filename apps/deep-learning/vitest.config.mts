import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('deep-learning', import.meta.dirname, { testTimeout: 60_000 });
