import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries (DESIGN.md "Layout"): apps → platform, contracts, math; platform → contracts;
// math libs → math only, and never Nest, NATS or Piscina (so the same code runs in a test, a
// worker or a benchmark); contracts → nothing of ours; client → contracts.
export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/assembly/**', '**/*.wasm', 'tmp', '**/vitest.config.mts', 'vitest.shared.mts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // published constants (e.g. AS241's quantile coefficients) are kept with all their digits
      'no-loss-of-precision': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // tests drive the built services through the dev scripts
          allow: ['../../dev/nats.mjs', '../../dev/services.mjs', '../../../tools/dev/services.mjs', '../../../tools/dev/nats.mjs', '../../../tools/dev/use-service'],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:math', 'type:client'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'type:math',
              onlyDependOnLibsWithTags: ['type:math'],
              bannedExternalImports: ['@nestjs/*', '@nats-io/*', 'nats', 'piscina', 'node:worker_threads', 'worker_threads'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] , bannedExternalImports: ['@nestjs/*', '@nats-io/*', 'piscina'] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: ['@nestjs/*', 'piscina'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:client', 'type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:client', 'type:contracts'] },
          ],
        },
      ],
    },
  },
];
