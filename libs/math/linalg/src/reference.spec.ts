import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky';
import { eig } from './eig';
import { eigh } from './eigh';
import { det, inverse, slogdet, solve } from './lu';
import { lstsq, pinv } from './lstsq';
import { Matrix } from './matrix';
import { pca } from './pca';
import { qr } from './qr';
import { svd } from './svd';
import { EPS, expectBelow } from './testing/helpers';

/**
 * Agreement with numpy/LAPACK on fixed matrices (tools/reference/linalg/generate.py →
 * __fixtures__/linalg-reference.json). Both sides are backward stable, so the bounds are the
 * forward-error ones: c·n·eps·‖A‖ for singular/eigenvalues of symmetric problems, times the condition
 * number (stored in the JSON) for solves and factors; c = 16 throughout.
 */
type J = { rows: number; cols: number; data: number[] };
const ref = JSON.parse(readFileSync(join(__dirname, '__fixtures__/linalg-reference.json'), 'utf8'));
const M = (j: J): Matrix => ({ rows: j.rows, cols: j.cols, data: Float64Array.from(j.data) });
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  expect(x.length).toBe(y.length);
  return Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
};
const C = 16;

describe('agreement with numpy/LAPACK', () => {
  it.each(['tall', 'wide', 'hilbert', 'graded', 'rankdef'])('svd %s: singular values (both methods)', (name) => {
    const c = ref.svd[name];
    const a = M(c.a);
    const n = Math.max(a.rows, a.cols);
    for (const method of ['jacobi', 'golub-kahan'] as const) {
      const { s } = svd(a, undefined, { method });
      expectBelow(`${name}/${method}`, maxDiff(s, c.s), C * n * EPS * c.s[0]);
    }
    if (name === 'hilbert') expectBelow('σ_max vs scipy 2-norm', Math.abs(svd(a).s[0] - ref.hilbertNorm2), C * n * EPS);
  });

  it('eigh values (general symmetric and Hilbert)', () => {
    const a = M(ref.eigh.a);
    expectBelow('eigh', maxDiff(eigh(a).values, ref.eigh.values), C * 7 * EPS * maxAbs(ref.eigh.values));
    expectBelow('hilbert', maxDiff(eigh(M(ref.svd.hilbert.a)).values, ref.eigh.hilbert), C * 10 * EPS * 2);
  });

  it('eig values of a nonsymmetric matrix (complex pair) and companion roots', () => {
    const r = eig(M(ref.eig.a));
    const pairs = Array.from(r.valuesRe, (re, i) => [re, r.valuesIm[i]]).sort((x, y) => x[0] - y[0] || y[1] - x[1]);
    // nonnormal: eigenvalue condition numbers are O(1–10) here; 1e3·n·eps·‖A‖ covers them
    expectBelow('re', maxDiff(pairs.map((p) => p[0]), ref.eig.valuesRe), 1e3 * 5 * EPS * 5);
    expectBelow('im', maxDiff(pairs.map((p) => p[1]), ref.eig.valuesIm), 1e3 * 5 * EPS * 5);
    const roots = Array.from(eig(M(ref.eig.companion)).valuesRe).sort((x, y) => x - y);
    expectBelow('companion', maxDiff(roots, ref.eig.companionRoots), 1e4 * EPS);
  });

  it('det, slogdet, solve, inverse (κ ≈ 8)', () => {
    const a = M(ref.det.a);
    const k = ref.cond.general;
    expectBelow('det', Math.abs(det(a) - ref.det.det) / Math.abs(ref.det.det), C * 6 * EPS * k);
    const sl = slogdet(a);
    expect(sl.sign).toBe(ref.det.sign);
    expectBelow('logAbsDet', Math.abs(sl.logAbsDet - ref.det.logAbsDet), C * 6 * EPS * k);
    expectBelow('solve', maxDiff(solve(a, M(ref.solve.b)).data, ref.solve.x.data), C * 6 * EPS * k * maxAbs(ref.solve.x.data));
    expectBelow('inv', maxDiff(inverse(a).data, ref.inv.inv.data), C * 6 * EPS * k * maxAbs(ref.inv.inv.data));
  });

  it('cholesky factor and |diag R| of QR (unique up to signs)', () => {
    const l = cholesky(M(ref.cholesky.a));
    expectBelow('L', maxDiff(l.data, ref.cholesky.l.data), C * 5 * EPS * ref.cond.spd * maxAbs(ref.cholesky.l.data));
    const { r } = qr(M(ref.qr.a));
    const diag = Array.from({ length: 5 }, (_, i) => Math.abs(r.data[i * 5 + i]));
    expectBelow('|r_ii|', maxDiff(diag, ref.qr.rAbsDiag), C * 9 * EPS * ref.cond.tall * maxAbs(ref.qr.rAbsDiag));
  });

  it('lstsq: full rank, rank-deficient minimum-norm (rank as numpy), ridge, pinv', () => {
    const k = ref.cond.tall;
    const f = ref.lstsq.full;
    // least squares forward error ~ κ²·eps for a nonzero residual
    expectBelow('full', maxDiff(lstsq(M(f.a), M(f.b)).x.data, f.x.data), C * 9 * EPS * k * k * maxAbs(f.x.data));
    const rd = ref.lstsq.rankdef;
    const r = lstsq(M(rd.a), M(rd.b));
    expect(r.rank).toBe(rd.rank);
    // on the rank-2 subspace the problem has κ = σ_1/σ_2 ≈ 42
    expectBelow('rankdef', maxDiff(r.x.data, rd.x.data), C * 8 * EPS * 42 * maxAbs(rd.x.data) * 10);
    const rg = ref.lstsq.ridge;
    expectBelow('ridge', maxDiff(lstsq(M(rg.a), M(rg.b), { ridge: rg.ridge }).x.data, rg.x.data), C * 9 * EPS * k * k * maxAbs(rg.x.data));
    expectBelow('pinv', maxDiff(pinv(M(ref.pinvCheck.a)).data, ref.pinvCheck.pinv.data), C * 8 * EPS * 42 * maxAbs(ref.pinvCheck.pinv.data) * 10);
  });

  it('pca: mean, explained variance (ratio) and sign-normalised components', () => {
    const p = ref.pca;
    const m = pca(M(p.x));
    expectBelow('mean', maxDiff(m.mean, p.mean), C * 20 * EPS * maxAbs(p.mean));
    expectBelow('variance', maxDiff(m.explainedVariance, p.explainedVariance), C * 20 * EPS * p.explainedVariance[0]);
    expectBelow('ratio', maxDiff(m.explainedVarianceRatio, p.explainedVarianceRatio), C * 20 * EPS);
    // components: error ≈ eps·‖X‖/gap; the smallest variance gap here is > 1e-2 of the largest
    expectBelow('components', maxDiff(m.components.data, p.components.data), C * 20 * EPS * 1e3);
  });
});
