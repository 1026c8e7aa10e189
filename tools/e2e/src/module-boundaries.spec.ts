import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The dependency direction of DESIGN.md is enforced by lint: these probes are linted as if they
// were files of the named projects (nothing is written to disk).
const ROOT = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function boundaryErrors(project: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(ROOT, project, 'src/__boundary_probe__.ts') });
  return r.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['@nestjs/common', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"],
    ['@nats-io/transport-node', "import { connect } from '@nats-io/transport-node';\nexport const x = connect;\n"],
    ['piscina', "import Piscina from 'piscina';\nexport const x = Piscina;\n"],
    ['@modelbus/platform', "import { WorkerPool } from '@modelbus/platform';\nexport const x = WorkerPool;\n"],
  ])('a math library importing %s fails lint', async (_what, code) => {
    expect((await boundaryErrors('libs/math/linalg', code)).length).toBeGreaterThan(0);
  }, 120_000);

  it('a math library importing another math library passes', async () => {
    expect(await boundaryErrors('libs/math/nn', "import { Rng } from '@modelbus/math-stats';\nexport const x = Rng;\n")).toEqual([]);
  }, 120_000);

  it('contracts may not import the platform, and the platform may not import math', async () => {
    expect((await boundaryErrors('libs/contracts', "import { WorkerPool } from '@modelbus/platform';\nexport const x = WorkerPool;\n")).length).toBeGreaterThan(0);
    expect((await boundaryErrors('libs/platform', "import { matmul } from '@modelbus/math-linalg';\nexport const x = matmul;\n")).length).toBeGreaterThan(0);
  }, 120_000);
});
