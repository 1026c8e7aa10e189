import { projectConfig } from '../../../vitest.shared.mts';

export default projectConfig('math-stats', import.meta.dirname);
