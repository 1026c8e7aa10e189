import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('contracts', import.meta.dirname);
