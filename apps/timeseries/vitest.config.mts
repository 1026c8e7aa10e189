import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('timeseries', import.meta.dirname, { testTimeout: 60_000 });
