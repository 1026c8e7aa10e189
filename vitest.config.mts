import { defineConfig } from 'vitest/config';

// One vitest run over every project (npm test); each project also has its own config for `nx test <project>`.
export default defineConfig({
  test: {
    projects: ['libs/**/vitest.config.mts', 'apps/*/vitest.config.mts', 'tools/*/vitest.config.mts'],
  },
});
