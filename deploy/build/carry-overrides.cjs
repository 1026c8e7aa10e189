#!/usr/bin/env node
// Copies the root package.json "overrides" into the package.json that the webpack build generates
// for one app (dist/apps/<app>/package.json), so `npm ci --omit=dev` in that folder accepts the
// generated package-lock.json.
//
// Why: the root overrides @nats-io/services' nested @nats-io/nats-core (3.0.0-50) with the direct
// @nats-io/nats-core version (see STACK.md). Nx's generated lockfile is resolved WITH that override
// but the generated package.json has no "overrides", so npm ci reports
// "Missing: @nats-io/nats-core@3.0.0-50 from lock file" and refuses to install.
// Usage: node deploy/build/carry-overrides.cjs <dist/apps/app> [root package.json]
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: carry-overrides.cjs <dist/apps/app> [root package.json]');
  process.exit(2);
}
const rootPkg = JSON.parse(readFileSync(resolve(process.argv[3] ?? 'package.json'), 'utf8'));
const appPkgPath = join(resolve(appDir), 'package.json');
const appPkg = JSON.parse(readFileSync(appPkgPath, 'utf8'));

if (!rootPkg.overrides) {
  console.log('carry-overrides: root package.json has no overrides; nothing to do');
  process.exit(0);
}
const deps = appPkg.dependencies ?? {};
const overrides = {};
for (const [name, value] of Object.entries(rootPkg.overrides)) {
  // Only overrides for packages the app installs; a "$name" reference needs name as a direct dep.
  const refs = JSON.stringify(value).match(/"\$[^"]+"/g) ?? [];
  const refsOk = refs.every((r) => r.slice(2, -1) in deps);
  if (name in deps && refsOk) overrides[name] = value;
}
if (Object.keys(overrides).length === 0) {
  console.log('carry-overrides: no override applies to this app');
  process.exit(0);
}
appPkg.overrides = { ...overrides, ...(appPkg.overrides ?? {}) };
writeFileSync(appPkgPath, `${JSON.stringify(appPkg, null, 2)}\n`);
console.log(`carry-overrides: ${appPkgPath} ← overrides for ${Object.keys(overrides).join(', ')}`);
