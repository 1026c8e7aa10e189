// The GotoBLAS GEMM driver, generic in the element type (f64: gemm.ts, f32: gemm-f32.ts, which hold the
// micro-kernels): for jc in N by NC, pc in K by KC: pack alpha·op(B) into NR-wide slivers; for ic in M by
// MC: pack op(A) into MR-tall slivers, run the micro-kernel over each MR×NR tile. Packing reads both
// operands once per panel, handles transposes, and zero-pads ragged edges (clipped tiles go through an
// edge scratch at the start of `work`, so threads sharing the memory never write the same bytes).
// Monomorphised per T; the sizeof<T>() branches fold at compile time.
import { microF64 } from './gemm';
import { microF32 } from './gemm-f32';

const NR: i32 = 8;
const MC: i32 = 128;
const NC: i32 = 2048;

/** Tile height: f64 2×8 (8 f64x2 accumulators), f32 4×8 (8 f32x4 accumulators). */
@inline function tileRows<T>(): i32 {
  return sizeof<T>() == 8 ? 2 : 4;
}

/** k-panel depth: the same bytes per packed row for both types. */
@inline function panelDepth<T>(): i32 {
  return sizeof<T>() == 8 ? 256 : 384;
}

@inline function edgeBytes<T>(): usize {
  return <usize>(tileRows<T>() * NR) * sizeof<T>();
}

/** Bytes of scratch gemmBlocked<T> needs for these sizes (the caller passes a region this big as `work`). */
export function workBytesBlocked<T>(m: i32, n: i32, k: i32): usize {
  const mc = min(MC, roundUp(m, tileRows<T>()));
  const kc = min(panelDepth<T>(), k);
  const nc = min(NC, roundUp(n, NR));
  return edgeBytes<T>() + (<usize>(mc * kc) + <usize>(kc * nc)) * sizeof<T>();
}

/** C := alpha·op(A)·op(B) + beta·C on row-major arrays with row strides lda, ldb, ldc (in elements). */
export function gemmBlocked<T>(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: T,
  a: usize, lda: i32, b: usize, ldb: i32, beta: T, c: usize, ldc: i32, work: usize,
): void {
  if (m == 0 || n == 0) return;
  scaleC<T>(m, n, beta, c, ldc);
  if (k == 0 || alpha == <T>0) return;
  const MR = tileRows<T>();
  const KC = panelDepth<T>();
  const edge = work;
  const pa = work + edgeBytes<T>();
  const pb = pa + <usize>(min(MC, roundUp(m, MR)) * min(KC, k)) * sizeof<T>();
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB<T>(NR, transB, b, ldb, pc, jc, kc, nc, alpha, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA<T>(MR, transA, a, lda, ic, pc, mc, kc, pa);
        const cBlock = elt<T>(c, ic * ldc + jc);
        for (let j0 = 0; j0 < nc; j0 += NR) {
          const cols = min(NR, nc - j0);
          const bs = elt<T>(pb, j0 * kc);
          for (let i0 = 0; i0 < mc; i0 += MR) {
            const rows = min(MR, mc - i0);
            const ap = elt<T>(pa, i0 * kc);
            const cp = elt<T>(cBlock, i0 * ldc + j0);
            if (sizeof<T>() == 8) microF64(kc, ap, bs, cp, ldc, rows, cols, edge);
            else microF32(kc, ap, bs, cp, ldc, rows, cols, edge);
          }
        }
      }
    }
  }
}

/** x rounded up to a multiple of q. */
@inline function roundUp(x: i32, q: i32): i32 {
  return ((x + q - 1) / q) * q;
}

@inline function elt<T>(p: usize, i: i32): usize {
  return p + <usize>i * sizeof<T>();
}

/** C[0:m, 0:n] := beta·C (beta = 0 clears, ignoring NaN as BLAS does). */
function scaleC<T>(m: i32, n: i32, beta: T, c: usize, ldc: i32): void {
  if (beta == <T>1) return;
  for (let i = 0; i < m; i++) {
    const row = elt<T>(c, i * ldc);
    for (let j = 0; j < n; j++) {
      const p = elt<T>(row, j);
      store<T>(p, beta == <T>0 ? <T>0 : beta * load<T>(p));
    }
  }
}

/** op(A)[ic:ic+mc, pc:pc+kc] → mr-row slivers, each kc×mr with the mr values of one k contiguous. */
function packA<T>(mr: i32, trans: i32, a: usize, lda: i32, ic: i32, pc: i32, mc: i32, kc: i32, out: usize): void {
  let o = out;
  for (let i0 = 0; i0 < mc; i0 += mr) {
    const rows = min(mr, mc - i0);
    for (let p = 0; p < kc; p++) {
      const kk = pc + p;
      for (let r = 0; r < mr; r++) {
        const i = ic + i0 + r;
        let v = <T>0;
        if (r < rows) v = load<T>(elt<T>(a, trans ? kk * lda + i : i * lda + kk));
        store<T>(o, v);
        o += sizeof<T>();
      }
    }
  }
}

/** alpha·op(B)[pc:pc+kc, jc:jc+nc] → nr-column slivers, each kc×nr with the nr values of one k contiguous. */
function packB<T>(nr: i32, trans: i32, b: usize, ldb: i32, pc: i32, jc: i32, kc: i32, nc: i32, alpha: T, out: usize): void {
  let o = out;
  const bytes = <usize>nr * sizeof<T>();
  for (let j0 = 0; j0 < nc; j0 += nr) {
    const cols = min(nr, nc - j0);
    for (let p = 0; p < kc; p++) {
      const kk = pc + p;
      if (!trans && cols == nr) {
        // contiguous row segment: whole vectors, scaled by alpha
        const src = elt<T>(b, kk * ldb + jc + j0);
        for (let q: usize = 0; q < bytes; q += 16) {
          if (sizeof<T>() == 8) v128.store(o + q, f64x2.mul(v128.load(src + q), f64x2.splat(<f64>alpha)));
          else v128.store(o + q, f32x4.mul(v128.load(src + q), f32x4.splat(<f32>alpha)));
        }
        o += bytes;
        continue;
      }
      for (let s = 0; s < nr; s++) {
        const j = jc + j0 + s;
        let v = <T>0;
        if (s < cols) v = alpha * load<T>(elt<T>(b, trans ? j * ldb + kk : kk * ldb + j));
        store<T>(o, v);
        o += sizeof<T>();
      }
    }
  }
}

/** C[0:rows, 0:cols] += edge[0:rows, 0:cols] (edge is a full tile with row length nr). */
export function addEdge<T>(rows: i32, cols: i32, nr: i32, c: usize, ldc: i32, edge: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) {
      const p = elt<T>(c, r * ldc + s);
      store<T>(p, load<T>(p) + load<T>(elt<T>(edge, r * nr + s)));
    }
  }
}
