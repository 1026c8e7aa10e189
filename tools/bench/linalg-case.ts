// One benchmark case in a fresh process (KERNELS.md pitfall 5): `npx tsx tools/bench/linalg-case.ts <lib> <op> <size>`
// lib: ours | ml-matrix. Prints one JSON line {ms} (best of a few runs after a warm-up at a small size).
import {
  cholesky, csrFromDense, eig, eigh, lstsq, matmul, pca, randomizedSvd, svd, type Matrix,
} from '../../libs/math/linalg/src/index';
import * as ml from 'ml-matrix';

export function parseSize(size: string): [number, number] {
  const [m, n] = size.split('x').map(Number);
  return [m, n ?? m];
}

/** Deterministic pseudo-random matrix in [-0.5, 0.5) (LCG), the same in every process. */
export function rand(m: number, n: number, seed = 1): Matrix {
  let s = seed;
  const d = new Float64Array(m * n);
  for (let i = 0; i < d.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    d[i] = s / 2147483648 - 0.5;
  }
  return { rows: m, cols: n, data: d };
}

function spd(n: number): Matrix {
  const x = rand(n, n);
  const g = matmul({ rows: n, cols: n, data: x.data.slice() }, { rows: n, cols: n, data: transposeData(x) });
  for (let i = 0; i < n; i++) g.data[i * n + i] += n;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g.data[j * n + i] = g.data[i * n + j];
  return g;
}
function transposeData(x: Matrix): Float64Array {
  const t = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) t[j * x.rows + i] = x.data[i * x.cols + j];
  return t;
}
function sym(n: number): Matrix {
  const a = rand(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[j * n + i] = a.data[i * n + j];
  return a;
}
function sparseDense(m: number, n: number, density: number): Matrix {
  const a = rand(m, n, 7);
  let s = 3;
  for (let i = 0; i < a.data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    if (s / 2147483648 >= density) a.data[i] = 0;
  }
  return a;
}
const toMl = (a: Matrix) => ml.Matrix.from1DArray(a.rows, a.cols, Array.from(a.data));

type Prepared = () => unknown;
function prepare(lib: string, op: string, m: number, n: number): Prepared {
  const ours = lib === 'ours';
  switch (op) {
    case 'gemm': {
      const a = rand(m, m), b = rand(m, m, 2);
      if (ours) return () => matmul(a, b);
      const A = toMl(a), B = toMl(b);
      return () => A.mmul(B);
    }
    case 'cholesky': {
      const a = spd(m);
      if (ours) return () => cholesky(a);
      const A = toMl(a);
      return () => new ml.CholeskyDecomposition(A);
    }
    case 'svd': {
      const a = rand(m, n);
      if (ours) return () => svd(a);
      const A = toMl(a);
      return () => new ml.SingularValueDecomposition(A, { autoTranspose: true });
    }
    case 'eigh': {
      const a = sym(m);
      if (ours) return () => eigh(a);
      const A = toMl(a);
      return () => new ml.EigenvalueDecomposition(A, { assumeSymmetric: true });
    }
    case 'eig': {
      const a = rand(m, m);
      if (ours) return () => eig(a);
      const A = toMl(a);
      return () => new ml.EigenvalueDecomposition(A);
    }
    case 'lstsq': {
      const a = rand(m, n), b = rand(m, 1, 5);
      if (ours) return () => lstsq(a, b);
      const A = toMl(a), B = toMl(b);
      return () => ml.solve(A, B);
    }
    case 'pca': {
      const x = rand(m, n);
      if (ours) return () => pca(x);
      const X = toMl(x);
      return () => { // what ml-pca does: centre, then SVD
        const c = X.clone().subRowVector(X.mean('column'));
        return new ml.SingularValueDecomposition(c, { autoTranspose: true });
      };
    }
    case 'sparse-svd20': {
      if (!ours) throw new Error('ml-matrix has no sparse SVD');
      const a = csrFromDense(sparseDense(m, n, 0.01));
      return () => randomizedSvd(a, 20, { seed: 1, powerIterations: 4 });
    }
    default:
      throw new Error(`unknown op ${op}`);
  }
}

function main(): void {
  const [lib, op, size, budgetArg] = process.argv.slice(2);
  const [m, n] = parseSize(size);
  const budgetMs = Number(budgetArg ?? 5000);
  // warm-up at a small size so the timed runs are optimised code (KERNELS.md pitfall 4); 160 is above the
  // SVD's Jacobi/Golub–Kahan switch, so the warm-up runs the same code path as the timed call
  const small = op === 'sparse-svd20' ? [400, 300] : [Math.min(m, 160), Math.min(n, 160)];
  prepare(lib, op, small[0], small[1])();
  const run = prepare(lib, op, m, n);
  let best = Infinity;
  let bestCpu = Infinity;
  let spent = 0;
  for (let rep = 0; rep < 5 && (rep === 0 || spent < budgetMs); rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    best = Math.min(best, ms);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
    spent += ms;
  }
  // cpuMs: this process's CPU time (one thread does the work), less sensitive to a shared machine
  process.stdout.write(`${JSON.stringify({ ms: best, cpuMs: bestCpu })}\n`);
}

main();
