import { projectConfig } from '../../../vitest.shared.mts';

export default projectConfig('math-timeseries', import.meta.dirname);
