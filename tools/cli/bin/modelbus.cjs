#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources through tsx. The repository's tsconfig.base.json is named explicitly so
// the @modelbus/* path aliases resolve whatever the current directory is (tsx otherwise looks in cwd).
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
process.env.TSX_TSCONFIG_PATH = path.join(root, 'tsconfig.base.json');
require('tsx/cjs');
const { main } = require('../src/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // a stray handle must not keep a finished command alive
    setTimeout(() => process.exit(code), 3000).unref();
  },
  (err) => {
    process.stderr.write(`modelbus: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
