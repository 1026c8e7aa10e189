import { projectConfig } from '../../../vitest.shared.mts';

export default projectConfig('math-nn', import.meta.dirname);
