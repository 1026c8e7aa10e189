import { projectConfig } from '../../../vitest.shared.mts';

export default projectConfig('math-recsys', import.meta.dirname);
