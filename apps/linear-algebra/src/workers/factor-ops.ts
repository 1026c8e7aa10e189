// Worker operations for the la.* factorisation subjects: argument checks that need the math
// (ranges that depend on shapes) throw InvalidArgumentError, which the platform maps to INVALID_ARGUMENT.
import {
  cholesky, det, eig, eigh, InvalidArgumentError, inverse, lstsq, pca, qr, slogdet, solve, svd, type Matrix, type PcaOptions,
} from '@modelbus/math-linalg';

type A = { a: Matrix };

function checkSquareShape(a: Matrix, field = 'a'): void {
  if (a.rows !== a.cols) throw new InvalidArgumentError(field, `is ${a.rows}x${a.cols}, expected a square matrix`);
}

export const factorOps = {
  solve: ({ a, b }: { a: Matrix; b: Matrix }) => {
    checkSquareShape(a);
    return { x: solve(a, b) };
  },
  lstsq: ({ a, b, ridge }: { a: Matrix; b: Matrix; ridge?: number }) => {
    const r = lstsq(a, b, { ridge });
    return { x: r.x, residuals: r.residuals, rank: r.rank };
  },
  inv: ({ a }: A) => {
    checkSquareShape(a);
    return { inv: inverse(a) };
  },
  det: ({ a }: A) => {
    checkSquareShape(a);
    const { sign, logAbsDet } = slogdet(a);
    return { det: det(a), logAbsDet, sign };
  },
  cholesky: ({ a }: A) => ({ l: cholesky(a) }),
  qr: ({ a }: A) => qr(a),
  eigh: ({ a }: A) => eigh(a),
  eig: ({ a }: A) => eig(a),
  svd: ({ a, k }: A & { k?: number }) => {
    const full = Math.min(a.rows, a.cols);
    if (k !== undefined && (k < 1 || k > full)) {
      throw new InvalidArgumentError('k', `must be in [1, ${full}] = [1, min(rows, cols) of a], got ${k}`);
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
