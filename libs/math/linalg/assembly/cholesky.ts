// AssemblyScript Cholesky (f64, lower, row-major, in place) for matrices resident in WASM memory:
// recursive A = [L11 0; L21 L22]: factor A11, L21 := A21·L11⁻ᵀ (TRSM), A22 −= L21·L21ᵀ (SYRK), factor
// A22 — the trailing updates are large GEMMs. Leaves (order ≤ LEAF) run row-oriented
// Cholesky–Banachiewicz with f64x2 dot products. Also the two triangular solves with a factor and the
// batched factor/solve of many small systems in one call (ALS). Only the lower triangle is read;
// the strict upper triangle is left as scratch (the caller clears it).
import { half, syrkLower, trsmRightLowerTrans } from './syrk';
import { hsum, solveRow, solveRowPair } from './substitution';
import { axpy, dot } from './vector';

const LEAF: i32 = 96;

/** Value of the failing pivot of the last potrf that returned ≥ 0 (per instance, so per thread). */
let failedPivot: f64 = 0;

export function lastFailedPivot(): f64 {
  return failedPivot;
}

@inline function at(p: usize, ld: i32, i: i32, j: i32): usize {
  return p + (<usize>(i * ld + j) << 3);
}

/**
 * Unblocked row-oriented Cholesky (Banachiewicz) on pairs of rows: the off-diagonal part of rows i, i+1
 * is a forward substitution against the rows above (substitution.ts), then the 2×2 diagonal block.
 */
function potrfLeaf(a: usize, n: i32, lda: i32): i32 {
  const step = <usize>lda << 3;
  let i0 = 0;
  for (; i0 + 2 <= n; i0 += 2) {
    const r0 = at(a, lda, i0, 0);
    const r1 = r0 + step;
    solveRowPair(r0, r1, a, lda, i0);
    let d00 = f64x2.splat(0), d10 = f64x2.splat(0), d11 = f64x2.splat(0);
    for (let p = 0; p < i0; p += 2) {
      const o = <usize>p << 3;
      const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o);
      d00 = f64x2.add(d00, f64x2.mul(x0, x0));
      d10 = f64x2.add(d10, f64x2.mul(x1, x0));
      d11 = f64x2.add(d11, f64x2.mul(x1, x1));
    }
    const oi = <usize>i0 << 3;
    const p0 = load<f64>(r0 + oi) - hsum(d00);
    if (!(p0 > 0)) {
      failedPivot = p0;
      return i0;
    }
    const li = Math.sqrt(p0);
    store<f64>(r0 + oi, li);
    const l10 = (load<f64>(r1 + oi) - hsum(d10)) / li;
    store<f64>(r1 + oi, l10);
    const p1 = load<f64>(r1 + oi, 8) - hsum(d11) - l10 * l10;
    if (!(p1 > 0)) {
      failedPivot = p1;
      return i0 + 1;
    }
    store<f64>(r1 + oi, Math.sqrt(p1), 8);
  }
  if (i0 < n) {
    // odd order: the last row alone
    const r0 = at(a, lda, i0, 0);
    solveRow(r0, a, lda, i0);
    const oi = <usize>i0 << 3;
    const p0 = load<f64>(r0 + oi) - dot(r0, r0, i0);
    if (!(p0 > 0)) {
      failedPivot = p0;
      return i0;
    }
    store<f64>(r0 + oi, Math.sqrt(p0));
  }
  return -1;
}

/**
 * Cholesky of the n×n matrix at a (row stride lda) in place, lower triangle. Returns -1 on success or
 * the index of the first pivot that is not > 0 (its value in lastFailedPivot()); `work` is gemm
 * scratch of workBytes(n, n, n) bytes.
 */
export function potrf(a: usize, n: i32, lda: i32, work: usize): i32 {
  if (n <= LEAF) return potrfLeaf(a, n, lda);
  const n1 = half(n);
  const n2 = n - n1;
  let info = potrf(a, n1, lda, work);
  if (info >= 0) return info;
  const a21 = at(a, lda, n1, 0);
  const a22 = at(a, lda, n1, n1);
  trsmRightLowerTrans(n2, n1, a, lda, a21, lda, work);
  syrkLower(0, n2, n1, -1, a21, lda, a22, lda, work);
  info = potrf(a22, n2, lda, work);
  return info >= 0 ? info + n1 : -1;
}

/** Solves L·Lᵀ·X = B in place (B n×r, row stride ldb) given the factor L (n×n lower, stride ldl). */
export function potrs(l: usize, n: i32, ldl: i32, b: usize, r: i32, ldb: i32): void {
  if (r == 1 && ldb == 1) {
    // forward L·y = b (row dots), then back Lᵀ·x = y (column sweep: axpy with row i of L)
    for (let i = 0; i < n; i++) {
      const li = at(l, ldl, i, 0);
      const p = b + (<usize>i << 3);
      store<f64>(p, (load<f64>(p) - dot(li, b, i)) / load<f64>(li + (<usize>i << 3)));
    }
    for (let i = n - 1; i >= 0; i--) {
      const li = at(l, ldl, i, 0);
      const p = b + (<usize>i << 3);
      const x = load<f64>(p) / load<f64>(li + (<usize>i << 3));
      store<f64>(p, x);
      axpy(b, li, -x, i);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const bi = at(b, ldb, i, 0);
    for (let j = 0; j < i; j++) axpy(bi, at(b, ldb, j, 0), -load<f64>(at(l, ldl, i, j)), r);
    scale(bi, 1 / load<f64>(at(l, ldl, i, i)), r);
  }
  for (let i = n - 1; i >= 0; i--) {
    const bi = at(b, ldb, i, 0);
    scale(bi, 1 / load<f64>(at(l, ldl, i, i)), r);
    for (let j = 0; j < i; j++) axpy(at(b, ldb, j, 0), bi, -load<f64>(at(l, ldl, i, j)), r);
  }
}

function scale(x: usize, s: f64, len: i32): void {
  for (let k = 0; k < len; k++) {
    const p = x + (<usize>k << 3);
    store<f64>(p, load<f64>(p) * s);
  }
}

/**
 * `count` independent systems: a holds count n×n SPD matrices back to back, b count n×r right-hand
 * sides. Factors each matrix in place (lower) and, when r > 0, overwrites its b with the solution.
 * Returns -1, or the index of the first system that is not positive definite (systems before it are
 * done; its pivot in lastFailedPivot(), its index in lastFailedRow()).
 */
export function posvBatched(a: usize, b: usize, count: i32, n: i32, r: i32, work: usize): i32 {
  const aBytes = <usize>(n * n) << 3;
  const bBytes = <usize>(n * r) << 3;
  for (let s = 0; s < count; s++) {
    const as = a + <usize>s * aBytes;
    const info = potrf(as, n, n, work);
    if (info >= 0) {
      failedRow = info;
      return s;
    }
    if (r > 0) potrs(as, n, n, b + <usize>s * bBytes, r, r);
  }
  return -1;
}

let failedRow: i32 = 0;

export function lastFailedRow(): i32 {
  return failedRow;
}

/** Clears the strict upper triangle of the n×n matrix at a (after potrf, to return a clean L). */
export function clearUpper(a: usize, n: i32, lda: i32): void {
  for (let i = 0; i < n - 1; i++) memory.fill(at(a, lda, i, i + 1), 0, <usize>(n - 1 - i) << 3);
}


/**
 * 0 when the n×n matrix at a (stride lda) is finite and symmetric to |a_ij − a_ji| ≤ relTol·max|a|,
 * else 1 (the caller then runs its TypeScript check for the exact error message). Compares 2×2 blocks
 * with their mirror images (two loads and a lane shuffle per pair of rows), reducing with max.
 */
export function symmetryDefect(a: usize, n: i32, lda: i32, relTol: f64): i32 {
  // max|a| with pmax (one instruction; f64x2.max's NaN handling is a long dependent sequence) over two
  // accumulators; NaN/Inf show up in Σ 0·a_ij, which is NaN exactly when some a_ij is not finite.
  let m0 = f64x2.splat(0), m1 = f64x2.splat(0), z = f64x2.splat(0);
  const zero = f64x2.splat(0);
  let smax: f64 = 0, sz: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = at(a, lda, i, 0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const x0 = v128.load(row + (<usize>j << 3));
      const x1 = v128.load(row + (<usize>j << 3), 16);
      m0 = f64x2.pmax(m0, f64x2.abs(x0));
      m1 = f64x2.pmax(m1, f64x2.abs(x1));
      z = f64x2.add(z, f64x2.add(f64x2.mul(x0, zero), f64x2.mul(x1, zero)));
    }
    for (; j < n; j++) {
      const v = load<f64>(row + (<usize>j << 3));
      smax = max(smax, abs(v));
      sz += v * 0;
    }
  }
  const mm = f64x2.pmax(m0, m1);
  const m = max(max(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1)), smax);
  if (isNaN(f64x2.extract_lane(z, 0) + f64x2.extract_lane(z, 1) + sz)) return 1;
  let dmax = f64x2.splat(0);
  const even = n & ~1;
  const T: i32 = 32; // tiles keep the mirrored reads in L1
  for (let i0 = 0; i0 < even; i0 += T) {
    const i1 = min(i0 + T, even);
    for (let j0 = 0; j0 <= i0; j0 += T) {
      for (let i = i0; i < i1; i += 2) {
        const r0 = at(a, lda, i, 0);
        const r1 = r0 + (<usize>lda << 3);
        const ci = <usize>i << 3;
        const j1 = min(j0 + T, i + 1);
        for (let j = j0; j < j1; j += 2) {
          const s0 = at(a, lda, j, 0) + ci;
          const s1 = s0 + (<usize>lda << 3);
          const x0 = v128.load(r0 + (<usize>j << 3)); // a[i][j], a[i][j+1]
          const x1 = v128.load(r1 + (<usize>j << 3)); // a[i+1][j], a[i+1][j+1]
          const y0 = v128.load(s0); // a[j][i], a[j][i+1]
          const y1 = v128.load(s1); // a[j+1][i], a[j+1][i+1]
          const t0 = v128.shuffle<f64>(y0, y1, 0, 2); // a[j][i], a[j+1][i]
          const t1 = v128.shuffle<f64>(y0, y1, 1, 3); // a[j][i+1], a[j+1][i+1]
          dmax = f64x2.pmax(dmax, f64x2.pmax(f64x2.abs(f64x2.sub(x0, t0)), f64x2.abs(f64x2.sub(x1, t1))));
        }
      }
    }
  }
  let d = max(f64x2.extract_lane(dmax, 0), f64x2.extract_lane(dmax, 1));
  if (even < n) {
    const i = even;
    for (let j = 0; j < i; j++) d = max(d, abs(load<f64>(at(a, lda, i, j)) - load<f64>(at(a, lda, j, i))));
  }
  return d > relTol * m ? 1 : 0;
}
