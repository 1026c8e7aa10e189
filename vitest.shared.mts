// Shared vitest settings: SWC (keeps decorator metadata, which Nest DI needs; esbuild drops it)
// and the @modelbus/* path aliases read from tsconfig.base.json.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineProject } from 'vitest/config';

const root = resolve(import.meta.dirname);
const paths: Record<string, string[]> = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
// exact-match aliases, so '@modelbus/platform' does not capture '@modelbus/platform/worker'
export const aliases = Object.entries(paths).map(([k, v]) => ({ find: new RegExp(`^${k.replace(/[/.-]/g, '\\$&')}$`), replacement: join(root, v[0]) }));

export function projectConfig(name: string, dir: string, extra: { testTimeout?: number; include?: string[] } = {}) {
  return defineProject({
    root: dir,
    plugins: [swc.vite({ module: { type: 'es6' } })],
    resolve: { alias: aliases },
    test: {
      name,
      environment: 'node',
      include: extra.include ?? ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      testTimeout: extra.testTimeout ?? 20_000,
      hookTimeout: 60_000,
    },
  });
}
