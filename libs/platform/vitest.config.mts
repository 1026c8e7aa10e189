import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('platform', import.meta.dirname);
