import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelbusError, type JobEvent } from '@modelbus/client';
import { MATRIX_BINARY_FORMAT } from '@modelbus/contracts';
import { decodeMatrixBinary, encodeMatrixBinary, MATRIX_BINARY, type Matrix } from '@modelbus/math-linalg';
import { NATS_URL, useLinearAlgebraService } from './la-test-service';

// Integration: jobs.la.svd / jobs.la.pca on datasets (binary, CSV, Matrix Market) through the client
// against the built service and the real NATS + JetStream. Inputs have known singular values
// (orthogonal factors built from Householder reflectors, or a sparse matrix with disjoint column
// supports), so the checks are against exact values and identities, not the library's own output.
const run = randomUUID().slice(0, 8);
const EPS = Number.EPSILON;

/** Householder reflector H = I − 2·v·vᵀ/(vᵀv) (n×n, orthogonal) with v_i = cos(seed·(i + 1)). */
function reflector(n: number, seed: number): Matrix {
  const v = Array.from({ length: n }, (_, i) => Math.cos(seed * (i + 1)) + 0.1);
  const vv = v.reduce((s, x) => s + x * x, 0);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
  return { rows: n, cols: n, data };
}
const mul = (a: Matrix, b: Matrix): Matrix => {
  const c = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) for (let k = 0; k < a.cols; k++) {
    const x = a.data[i * a.cols + k];
    if (x !== 0) for (let j = 0; j < b.cols; j++) c[i * b.cols + j] += x * b.data[k * b.cols + j];
  }
  return { rows: a.rows, cols: b.cols, data: c };
};
/** m×n matrix H1·[diag(σ); 0]·H2 with the given singular values σ (n ≤ m). */
function withSingularValues(m: number, n: number, sigma: number[]): Matrix {
  const d = new Float64Array(m * n);
  sigma.forEach((s, i) => (d[i * n + i] = s));
  return mul(mul(reflector(m, 0.7), { rows: m, cols: n, data: d }), reflector(n, 1.3));
}
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  expect(x.length).toBe(y.length);
  return Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
};
const gram = (x: Matrix, byRows: boolean): Matrix => {
  const k = byRows ? x.rows : x.cols;
  const g = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    if (byRows) for (let j = 0; j < x.cols; j++) s += x.data[a * x.cols + j] * x.data[b * x.cols + j];
    else for (let i = 0; i < x.rows; i++) s += x.data[i * x.cols + a] * x.data[i * x.cols + b];
    g[a * k + b] = s - (a === b ? 1 : 0);
  }
  return { rows: k, cols: k, data: g };
};
const withByte = (b: Uint8Array, at: number, value: number) => ((b[at] = value), b);
const csv = (m: Matrix, header?: string[]) =>
  (header ? header.join(',') + '\n' : '') + Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(',')).join('\n') + '\n';

describe('linear-algebra jobs on datasets', () => {
  const service = useLinearAlgebraService();
  const client = service.client;
  const ds = (name: string) => `it-la-${run}-${name}`;
  const put = (name: string, data: Uint8Array | string) => client().datasets.put(ds(name), data);
  const part = async (object: string) => decodeMatrixBinary((await client().models.get(object)).bytes, object);
  const jobError = async (kind: string, params: Record<string, unknown>) => {
    const job = await client().submit(kind, { params });
    const err = await job.result({ timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelbusError);
    return err as ModelbusError;
  };
  // registered after the service hooks, so it runs before the client closes
  afterAll(async () => {
    for (const d of await client().datasets.list().catch(() => [])) if (d.name.startsWith(`it-la-${run}-`)) await client().datasets.delete(d.name).catch(() => undefined);
  });

  it('contracts documents the binary format the library writes', () => {
    expect(MATRIX_BINARY_FORMAT.magic).toBe(MATRIX_BINARY.magic);
    expect(MATRIX_BINARY_FORMAT.version).toBe(MATRIX_BINARY.version);
    expect(MATRIX_BINARY_FORMAT.headerBytes).toBe(MATRIX_BINARY.headerBytes);
  });

  it('jobs.la.svd on a binary dataset: known singular values, u·Σ·vt = A, orthonormal factors, progress events, manifest and pages', async () => {
    const sigma = Array.from({ length: 30 }, (_, i) => 100 / (i + 1));
    const a = withSingularValues(120, 30, sigma);
    await put('dense-bin', encodeMatrixBinary(a));
    const events: JobEvent[] = [];
    const job = await client().submit('la.svd', { jobId: `it-la-${run}-svd`, params: { dataset: ds('dense-bin') } });
    const state = await job.result({ timeoutMs: 60_000, onEvent: (e) => events.push(e) });
    expect(state.result).toBe(`la-svd-it-la-${run}-svd`);
    const summary = state.summary as any;
    expect(summary).toMatchObject({ rows: 120, cols: 30, nnz: 3600, format: 'binary', method: 'exact', k: 30 });
    // exact SVD: |σ_i − σ̂_i| ≤ c·n·eps·σ_max, c = 16 (A itself carries O(n·eps·σ_max) from its construction)
    expect(maxDiff(summary.singularValues, sigma.slice(0, 20))).toBeLessThan(16 * 120 * EPS * 100);
    expect(summary.capturedEnergy).toBeCloseTo(1, 12);
    expect(summary.maxResidual).toBeLessThan(16 * 120 * EPS);
    expect(events.some((e) => e.status === 'running')).toBe(true);
    expect(events.at(-1)?.status).toBe('succeeded');

    const u = await part(summary.parts.u.object), s = await part(summary.parts.s.object), vt = await part(summary.parts.vt.object);
    expect([u.rows, u.cols, s.rows, s.cols, vt.rows, vt.cols]).toEqual([120, 30, 1, 30, 30, 30]);
    expect(maxDiff(s.data, sigma)).toBeLessThan(16 * 120 * EPS * 100);
    const us = { ...u, data: u.data.map((v, i) => v * s.data[i % 30]) };
    expect(maxAbs(mul(us, vt).data.map((v, i) => v - a.data[i]))).toBeLessThan(16 * 120 * EPS * 100);
    expect(maxAbs(gram(u, false).data)).toBeLessThan(16 * 120 * EPS);
    expect(maxAbs(gram(vt, true).data)).toBeLessThan(16 * 30 * EPS);

    // la.result: the manifest, and u in pages of rows
    const { manifest } = await client().call<any>('la.result', { result: state.result });
    expect(manifest).toMatchObject({ kind: 'la-svd', format: 'MBMX', parts: { u: { rows: 120, cols: 30 }, s: { rows: 1, cols: 30 }, vt: { rows: 30, cols: 30 } } });
    const page = await client().call<any>('la.result', { result: state.result, part: 'u', rowOffset: 100, rowLimit: 50 });
    expect(page).toMatchObject({ part: 'u', rows: 120, cols: 30, rowOffset: 100, matrix: { rows: 20, cols: 30 } });
    expect(page.matrix.data).toEqual(Array.from(u.data.subarray(100 * 30)));
    const badPart = (await client().call('la.result', { result: state.result, part: 'v' }).catch((e: unknown) => e)) as ModelbusError;
    expect(badPart.code).toBe('INVALID_ARGUMENT');
    expect(badPart.message).toMatch(/part must be one of u, s, vt/);
    // a page bigger than LA_RESULT_PAGE_ELEMENTS numbers is refused with the most rows one may ask for
    const tooMany = (await client().call('la.result', { result: state.result, part: 'u', rowLimit: 2000 }).catch((e: unknown) => e)) as ModelbusError;
    expect(tooMany.code).toBe('INVALID_ARGUMENT');
    expect(tooMany.message).toMatch(/rowLimit must be at most 1333 for u/);
  });

  it('jobs.la.svd truncated (k = 4) on a CSV dataset with a header, exact and randomized', async () => {
    const sigma = [50, 20, 10, 5, 0.01, 0.005, 0.001, 0.0005];
    const a = withSingularValues(40, 8, sigma);
    await put('dense-csv', csv(a, Array.from({ length: 8 }, (_, j) => `x${j}`)));
    for (const method of ['exact', 'randomized'] as const) {
      const state = await (await client().submit('la.svd', { params: { dataset: ds('dense-csv'), k: 4, method, seed: 3 } })).result({ timeoutMs: 30_000 });
      const summary = state.summary as any;
      expect(summary).toMatchObject({ rows: 40, cols: 8, format: 'csv', method, k: 4 });
      // CSV round trip prints shortest round-trip decimals: exact input. Randomized with q = 4 power iterations:
      // error ~ σ_5·(σ_5/σ_4)^(2q) ≪ 1e-12 relative here
      expect(maxDiff(summary.singularValues, sigma.slice(0, 4))).toBeLessThan(1e-11 * 50);
      // Eckart–Young: captured share of ‖A‖_F² = Σ_{i≤k} σ_i² / Σ σ_i²
      const all = sigma.reduce((t, v) => t + v * v, 0);
      expect(summary.capturedEnergy).toBeCloseTo((50 ** 2 + 20 ** 2 + 10 ** 2 + 5 ** 2) / all, 12);
    }
  });

  it('jobs.la.svd on a sparse Matrix Market dataset (CSR, randomized truncated SVD): exact singular values', async () => {
    // 3000×400, column j nonzero only in rows i ≡ j (mod 400), ~0.25 % dense: AᵀA is diagonal, σ_j = ‖column j‖
    const m = 3000, n = 400;
    const lines: string[] = [];
    const colNorm2 = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      const j = i % n;
      const v = (j < 6 ? 200 / (j + 1) : 0.5 + 0.1 * (j % 17)) * (1 + 0.01 * Math.sin(i));
      colNorm2[j] += v * v;
      lines.push(`${i + 1} ${j + 1} ${v}`);
    }
    await put('sparse-mm', `%%MatrixMarket matrix coordinate real general\n% known spectrum\n${m} ${n} ${lines.length}\n${lines.join('\n')}\n`);
    const expected = Array.from(colNorm2, Math.sqrt).sort((x, y) => y - x).slice(0, 5);
    const state = await (await client().submit('la.svd', { params: { dataset: ds('sparse-mm'), k: 5 } })).result({ timeoutMs: 60_000 });
    const summary = state.summary as any;
    expect(summary).toMatchObject({ rows: m, cols: n, nnz: m, format: 'matrix-market', method: 'randomized', k: 5 });
    // σ_16/σ_5 ≤ 0.06 (l = k + 10 = 15 directions): after 4 power iterations the subspace error is ~0.06⁹, σ error its square
    expect(maxDiff(summary.singularValues, expected)).toBeLessThan(1e-9 * expected[0]);
    expect(summary.maxResidual).toBeLessThan(1e-6); // residual ~ angle, σ error ~ angle²
    const vt = await part(summary.parts.vt.object);
    expect(maxAbs(gram(vt, true).data)).toBeLessThan(1e-12);
  });

  it('jobs.la.svd on Matrix Market with duplicate entries: they add up, so nnz, ‖A‖_F and the captured energy are those of the matrix', async () => {
    // (1,1) listed as 1 and 2 → A = diag(3, 1): σ = (3, 1), ‖A‖_F² = 10, k = 1 captures 9/10
    await put('mm-dup', '%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n1 1 2\n2 2 1\n');
    const state = await (await client().submit('la.svd', { params: { dataset: ds('mm-dup'), k: 1 } })).result({ timeoutMs: 30_000 });
    const summary = state.summary as any;
    expect(summary).toMatchObject({ rows: 2, cols: 2, nnz: 2, format: 'matrix-market', k: 1 });
    expect(summary.singularValues[0]).toBeCloseTo(3, 12);
    expect(summary.frobeniusNorm).toBeCloseTo(Math.sqrt(10), 14);
    expect(summary.capturedEnergy).toBeCloseTo(0.9, 12);
  });

  it('jobs.la.pca on a CSV dataset: variances equal the eigenvalues of the sample covariance, components orthonormal, scores stored', async () => {
    const x = withSingularValues(60, 5, [9, 6, 4, 2, 1]);
    for (let i = 0; i < 60; i++) for (let j = 0; j < 5; j++) x.data[i * 5 + j] += j * 3; // a mean to subtract
    await put('pca-csv', csv(x));
    const state = await (await client().submit('la.pca', { params: { dataset: ds('pca-csv'), k: 3, transform: true } })).result({ timeoutMs: 30_000 });
    const summary = state.summary as any;
    // the options are recorded, so a reader can apply the stored components to new rows the same way
    expect(summary).toMatchObject({ rows: 60, cols: 5, format: 'csv', k: 3, center: true, scale: false, whiten: false });
    expect(Object.keys(summary.parts).sort()).toEqual(['components', 'explainedVariance', 'explainedVarianceRatio', 'mean', 'singularValues', 'transformed']);
    const mean = await part(summary.parts.mean.object);
    const means = Array.from({ length: 5 }, (_, j) => Array.from({ length: 60 }, (_, i) => x.data[i * 5 + j]).reduce((s, v) => s + v, 0) / 60);
    expect(maxDiff(mean.data, means)).toBeLessThan(1e-12 * 20);
    // independent path: power-free check through the Rayleigh quotients w·C·wᵀ of the components, C the covariance
    const comps = await part(summary.parts.components.object);
    const variance = await part(summary.parts.explainedVariance.object);
    expect(maxAbs(gram(comps, true).data)).toBeLessThan(1e-13);
    const centred = x.data.map((v, idx) => v - means[idx % 5]);
    for (let c = 0; c < 3; c++) {
      const w = comps.data.subarray(c * 5, c * 5 + 5);
      let q = 0;
      for (let i = 0; i < 60; i++) {
        let t = 0;
        for (let j = 0; j < 5; j++) t += centred[i * 5 + j] * w[j];
        q += (t * t) / 59;
      }
      expect(Math.abs(q - variance.data[c])).toBeLessThan(1e-12 * variance.data[0]);
    }
    expect(summary.totalExplainedVarianceRatio).toBeGreaterThan(0.5);
    expect(summary.totalExplainedVarianceRatio).toBeLessThanOrEqual(1);
    const scores = await part(summary.parts.transformed.object);
    expect([scores.rows, scores.cols]).toEqual([60, 3]);
  });

  it.each([
    ['ragged CSV', 'ragged', '1,2,3\n4,5\n', {}, /dataset "it-la-.*-ragged" is ragged: line 2 has 2 fields, expected 3/],
    ['non-finite CSV', 'nan', '1,2\n3,NaN\n', {}, /line 2 field 2: "NaN" is not a finite number/],
    ['CSV first line mixing numbers and text (no header: true)', 'mixed', '1,abc\n3,4\n5,6\n', {}, /line 1 mixes numbers and text \(field 2: "abc"\): give header: true/],
    ['semicolon-separated CSV', 'semi', '1;2\n3;4\n', {}, /line 2 field 1: "3;4" is not a finite number — CSV fields are separated by commas; this line looks separated by semicolons/],
    ['bad binary header', 'badbin', 'MBMX\u0002\u0000\u0000\u0000' + '\u0000'.repeat(24), { format: 'binary' }, /binary format version 2/],
    ['binary format asked, CSV given', 'notbin', '1,2\n', { format: 'binary' }, /not in the Modelbus matrix binary format/],
    ['binary without the magic (auto)', 'nomagic', withByte(encodeMatrixBinary({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) }), 3, 0x5a), {}, /is binary \(it has NUL bytes\) but does not start with the magic "MBMX"/],
    ['k out of range', 'small', '1,2\n3,4\n5,6\n', { k: 3 }, /k must be in \[1, 2\] = \[1, min\(rows, cols\)\] of dataset .* \(3x2\), got 3/],
    ['Matrix Market index out of range', 'mmbad', '%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1\n4 2 1\n', { k: 1 }, /line 4: row index 4 is outside \[1, 3\]/],
    ['Matrix Market declaring more rows than a sparse dataset may have', 'mmhuge', '%%MatrixMarket matrix coordinate real general\n60000000 3 1\n1 1 1\n', { k: 1 }, /line 2: 60000000x3 exceeds the 50000000 rows\/columns allowed here/],
    ['sparse without k', 'mmnok', '%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 1\n', {}, /k is required for the randomized \(truncated\) SVD of the sparse dataset/],
  ])('jobs.la.svd: %s → INVALID_ARGUMENT naming the problem', async (_what, name, body, extra, message) => {
    await put(name, body);
    const err = await jobError('la.svd', { dataset: ds(name), ...extra });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(message);
  });

  it('la.pca.transform / la.pca.inverse-transform apply a stored jobs.la.pca result to new rows (whitened and scaled)', async () => {
    const x = withSingularValues(30, 4, [8, 5, 3, 1]);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 4; j++) x.data[i * 4 + j] = x.data[i * 4 + j] * (j + 1) + 10 * j;
    await put('pca-apply', csv(x));
    const state = await (await client().submit('la.pca', { params: { dataset: ds('pca-apply'), scale: true, whiten: true, transform: true } })).result({ timeoutMs: 30_000 });
    const summary = state.summary as any;
    const stored = await part(summary.parts.transformed.object);
    const xj = { rows: 30, cols: 4, data: Array.from(x.data) };
    // the stored scores, recomputed from the stored components (whitened: unit variance per column)
    const { transformed } = await client().call<any>('la.pca.transform', { result: state.result, x: xj });
    expect([transformed.rows, transformed.cols]).toEqual([30, 4]);
    expect(maxDiff(transformed.data, stored.data)).toBeLessThan(1e-12 * maxAbs(stored.data));
    // all k = p components: the inverse transform gives x back (c·p·eps relative, c = 100 for the whitening and scaling round trip)
    const back = await client().call<any>('la.pca.inverse-transform', { result: state.result, scores: { rows: 30, cols: 4, data: Array.from(stored.data) } });
    expect([back.x.rows, back.x.cols]).toEqual([30, 4]);
    expect(maxDiff(back.x.data, x.data)).toBeLessThan(100 * 4 * EPS * maxAbs(x.data));
    // problems name the field: columns of x / scores, and a result that is not a PCA
    const cols = (await client().call('la.pca.transform', { result: state.result, x: { rows: 1, cols: 3, data: [1, 2, 3] } }).catch((e: unknown) => e)) as ModelbusError;
    expect([cols.code, cols.message]).toEqual(['INVALID_ARGUMENT', 'x has 3 columns, expected 4 (the features of ' + state.result + ')']);
    const sc = (await client().call('la.pca.inverse-transform', { result: state.result, scores: { rows: 1, cols: 5, data: [1, 2, 3, 4, 5] } }).catch((e: unknown) => e)) as ModelbusError;
    expect([sc.code, sc.message]).toEqual(['INVALID_ARGUMENT', 'scores has 5 columns, expected 4 (the components of ' + state.result + ')']);
    await put('svd-small', '1,2\n3,4\n5,7\n');
    const svdResult = (await (await client().submit('la.svd', { params: { dataset: ds('svd-small') } })).result({ timeoutMs: 30_000 })).result as string;
    const notPca = (await client().call('la.pca.transform', { result: svdResult, x: { rows: 1, cols: 2, data: [1, 2] } }).catch((e: unknown) => e)) as ModelbusError;
    expect(notPca.code).toBe('FAILED_PRECONDITION');
    expect(notPca.message).toContain('is not a jobs.la.pca result');
  });

  it('jobs.la.pca: too few rows and k out of range name the dataset and its shape', async () => {
    await put('pca-one-row', 'a,b,c\n1,2,3\n');
    const one = await jobError('la.pca', { dataset: ds('pca-one-row') });
    expect(one.code).toBe('INVALID_ARGUMENT');
    expect(one.message).toMatch(/^dataset "it-la-.*-pca-one-row" is 1x3: PCA needs at least 2 rows \(observations\)/);
    await put('pca-small', '1,2\n3,4\n5,7\n');
    const k = await jobError('la.pca', { dataset: ds('pca-small'), k: 3 });
    expect(k.message).toMatch(/k must be in \[1, 2\] = \[1, min\(rows, cols\)\] of dataset .* \(3x2\), got 3/);
  });

  it('jobs.la.pca: variances beyond the double range fail the job naming the part, instead of storing an unreadable ∞', async () => {
    await put('pca-huge', '1e300,0\n-1e300,1\n0,2\n');
    const err = await jobError('la.pca', { dataset: ds('pca-huge') });
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toContain('the result overflows the double range: explainedVariance[0] is Infinity');
  });

  it('bad params are refused at submission (DTO), a missing dataset is NOT_FOUND', async () => {
    const bad = await jobError('la.svd', { dataset: ds('x'), k: 0 });
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toMatch(/k/);
    const fmt = await jobError('la.pca', { dataset: ds('x'), format: 'xlsx' });
    expect(fmt.message).toMatch(/format/);
    const missing = await jobError('la.svd', { dataset: ds('does-not-exist') });
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('a running job is cancelled: the pool task is aborted and the state is cancelled', async () => {
    const big = { rows: 1400, cols: 1400, data: Float64Array.from({ length: 1400 * 1400 }, (_, i) => Math.sin(i * 0.37) + (i % 1401 === 0 ? 3 : 0)) };
    await put('big', encodeMatrixBinary(big));
    const job = await client().submit('la.svd', { params: { dataset: ds('big') } });
    for await (const e of job.progress()) if (e.status === 'running') break;
    // worker progress is throttled (the "parsed" report may only arrive with the next one): give the
    // parse a moment; the exact SVD of 1400² then takes seconds
    await new Promise((r) => setTimeout(r, 300));
    await job.cancel();
    const err = (await job.result({ timeoutMs: 30_000 }).catch((e: unknown) => e)) as ModelbusError;
    expect(err.code).toBe('CANCELLED');
    expect((await job.state()).status).toBe('cancelled');
  });

  it('the README walk-through works from the CLI: datasets put, submit --watch, la.result; a bad dataset exits 4', async () => {
    const bin = resolve(__dirname, '../../../tools/cli/bin/modelbus.cjs');
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
        execFile(process.execPath, [bin, ...args], { cwd: tmpdir(), env: { ...process.env, NATS_URL } }, (err, stdout, stderr) =>
          done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const dir = mkdtempSync(join(tmpdir(), 'la-cli-'));
    const file = join(dir, 'm.csv');
    const sigma = [6, 3, 1];
    writeFileSync(file, csv(withSingularValues(20, 3, sigma)));
    expect((await cli('datasets', 'put', ds('cli'), file)).code).toBe(0);
    const watched = await cli('submit', 'la.svd', JSON.stringify({ dataset: ds('cli'), k: 2 }), '--watch', '--job-id', `it-la-${run}-cli`);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/status:\s+succeeded/);
    expect(watched.stdout).toContain(`result:      la-svd-it-la-${run}-cli`);
    const page = await cli('call', 'la.result', JSON.stringify({ result: `la-svd-it-la-${run}-cli`, part: 's' }), '--json');
    expect(page.code).toBe(0);
    expect(maxDiff(JSON.parse(page.stdout).matrix.data, sigma.slice(0, 2))).toBeLessThan(1e-12 * 6);
    writeFileSync(file, '1,2\n3\n');
    await cli('datasets', 'put', ds('cli-bad'), file);
    const bad = await cli('submit', 'la.svd', JSON.stringify({ dataset: ds('cli-bad') }), '--watch');
    expect(bad.code).toBe(4);
    expect(bad.stdout + bad.stderr).toMatch(/INVALID_ARGUMENT: dataset "it-la-.*-cli-bad" is ragged: line 2 has 1 fields, expected 2/);
  });
});
