import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('client', import.meta.dirname);
