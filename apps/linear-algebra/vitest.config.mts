import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('linear-algebra', import.meta.dirname, { testTimeout: 60_000 });
