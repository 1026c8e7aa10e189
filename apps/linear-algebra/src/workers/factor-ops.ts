// Worker operations for the la.* factorisation subjects: argument checks that need the math
// (ranges that depend on shapes) throw InvalidArgumentError, which the platform maps to INVALID_ARGUMENT.
import {
  cholesky, cond1Estimate, FailedPreconditionError, eig, eigh, InvalidArgumentError, inverse, lanczosEigs, ldlt, ldltCond1Estimate, ldltInertia, lstsq, lstsqBasic, lu, luDeterminant, luSolve, pca, qr,
  qrPivoted, svd, type LanczosWhich, type Matrix, type PcaOptions,
} from '@modelbus/math-linalg';
import { fullSvd } from './full-svd';
import { checkResultSize } from './result-size';

type A = { a: Matrix };

/** Runs f, adding what to do to a FailedPreconditionError's reason (the library names the problem only). */
function withRemedy<T>(remedy: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if ((e as Error)?.name === 'FailedPreconditionError') throw new FailedPreconditionError(`${(e as Error).message}: ${remedy}`);
    throw e;
  }
}
const SINGULAR_SOLVE = 'use la.lstsq for the least-squares (minimum-norm) solution';
const SINGULAR_INV = 'it has no inverse; la.lstsq solves a·x = b in the least-squares sense';
const NOT_PD = 'use la.ldlt for a symmetric indefinite or semidefinite matrix';

/** Runs f, pointing a refused asymmetric `a` to la.eig (the symmetric solvers read one triangle only). */
function symmetricOrEig<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    const err = e as InvalidArgumentError;
    if (err?.name === 'InvalidArgumentError' && err.field === 'a' && err.message.startsWith('a is not symmetric')) {
      throw new InvalidArgumentError('a', `${err.message.slice(2)}: la.eig takes a general matrix`);
    }
    throw e;
  }
}

function checkSquareShape(a: Matrix, field = 'a'): void {
  if (a.rows !== a.cols) throw new InvalidArgumentError(field, `is ${a.rows}x${a.cols}, expected a square matrix`);
}

export const factorOps = {
  /** One LU serves the solve and the condition estimate (O(n²) on top). */
  solve: ({ a, b }: { a: Matrix; b: Matrix }) => {
    checkSquareShape(a);
    return withRemedy(SINGULAR_SOLVE, () => {
      const f = lu(a);
      return { x: luSolve(f, b), cond1: cond1Estimate(a, f) };
    });
  },
  lstsq: ({ a, b, ridge, method }: { a: Matrix; b: Matrix; ridge?: number; method?: 'min-norm' | 'basic' }) => {
    if (method === 'basic' && ridge !== undefined) throw new InvalidArgumentError('ridge', 'applies to method min-norm only (the basic solution has no ridge term)');
    if (a.rows === b.rows) checkResultSize('x', a.cols, b.cols, ' (a.cols x b.cols)', 'solve for fewer columns of b at a time');
    const r = method === 'basic' ? lstsqBasic(a, b) : lstsq(a, b, { ridge });
    return { x: r.x, residuals: r.residuals, rank: r.rank };
  },
  inv: ({ a }: A) => {
    checkSquareShape(a);
    return { inv: withRemedy(SINGULAR_INV, () => inverse(a)) };
  },
  det: ({ a }: A) => {
    checkSquareShape(a);
    const f = lu(a);
    const { det, sign, logAbsDet } = luDeterminant(f);
    return { det, logAbsDet, sign, cond1: cond1Estimate(a, f) };
  },
  cholesky: ({ a }: A) => ({ l: withRemedy(NOT_PD, () => cholesky(a)) }),
  qr: ({ a, pivoting, tolerance }: A & { pivoting?: boolean; tolerance?: number }) => (pivoting ? qrPivoted(a, { tolerance }) : qr(a)),
  ldlt: ({ a }: A) => {
    const f = ldlt(a);
    const n = a.rows;
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) d[i * n + i] = f.diag[i];
    for (let k = 0; k < n; k++) if (f.blockSize[k] === 2) d[(k + 1) * n + k] = d[k * n + k + 1] = f.offDiag[k];
    return { l: f.l, d: { rows: n, cols: n, data: d }, perm: f.perm, inertia: ldltInertia(f), cond1: ldltCond1Estimate(a, f) };
  },
  eigsh: ({ a, k, which, tolerance, seed }: A & { k: number; which?: LanczosWhich; tolerance?: number; seed?: number }) => symmetricOrEig(() => lanczosEigs(a, k, { which, tolerance, seed })),
  eigh: ({ a }: A) => symmetricOrEig(() => eigh(a)),
  eig: ({ a }: A) => eig(a),
  svd: ({ a, k, full }: A & { k?: number; full?: boolean }) => {
    const r = Math.min(a.rows, a.cols);
    if (k !== undefined && (k < 1 || k > r)) {
      throw new InvalidArgumentError('k', `must be in [1, ${r}] = [1, min(rows, cols) of a], got ${k}`);
    }
    if (full && k !== undefined) throw new InvalidArgumentError('full', 'gives all of u (m×m) and vt (n×n): leave out k, or leave out full for a truncated SVD');
    if (full) {
      checkResultSize('u', a.rows, a.rows, ' (full: m x m)', 'use the thin SVD (no full)');
      checkResultSize('vt', a.cols, a.cols, ' (full: n x n)', 'use the thin SVD (no full)');
      return fullSvd(svd(a));
    }
    return svd(a, k);
  },
  pca: ({ x, transform, ...options }: { x: Matrix; transform?: boolean } & PcaOptions) => {
    const m = pca(x, options);
    return {
      components: m.components,
      explainedVariance: m.explainedVariance,
      explainedVarianceRatio: m.explainedVarianceRatio,
      mean: m.mean,
      ...(m.scale ? { scale: m.scale } : {}),
      ...(transform === false ? {} : { transformed: m.transformed }),
    };
  },
};
