import { projectConfig } from '../../../vitest.shared.mts';

export default projectConfig('math-linalg', import.meta.dirname);
