// Element-type-generic pieces of the GotoBLAS GEMMs (gemm.ts for f64, gemm-f32.ts for f32): scaling C by
// beta, packing op(A) into mr-tall and alpha·op(B) into nr-wide slivers (zero-padded at ragged edges),
// and adding a clipped edge tile. Monomorphised per T; sizeof<T>() branches fold at compile time.

/** x rounded up to a multiple of q. */
@inline export function roundUp(x: i32, q: i32): i32 {
  return ((x + q - 1) / q) * q;
}

@inline function elt<T>(p: usize, i: i32): usize {
  return p + <usize>i * sizeof<T>();
}

/** C[0:m, 0:n] := beta·C (beta = 0 clears, ignoring NaN as BLAS does). */
export function scaleC<T>(m: i32, n: i32, beta: T, c: usize, ldc: i32): void {
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
export function packA<T>(mr: i32, trans: i32, a: usize, lda: i32, ic: i32, pc: i32, mc: i32, kc: i32, out: usize): void {
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
export function packB<T>(nr: i32, trans: i32, b: usize, ldb: i32, pc: i32, jc: i32, kc: i32, nc: i32, alpha: T, out: usize): void {
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
