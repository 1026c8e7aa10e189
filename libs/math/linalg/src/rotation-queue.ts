import { rotateRowsWasm } from './wasm/kernels';

/**
 * Rotations of rows of one matrix (rows × len), queued and applied in column strips: the QR phase
 * rotates whole rows of Uᵀ/Vᵀ, which for n ≈ 1000 streams megabytes per rotation sequence through
 * memory. Row pairs are independent per column, so applying the queue strip by strip (each strip
 * stays in cache for the whole queue) gives exactly the same result with a fraction of the traffic.
 */
export class RotationQueue {
  private readonly idx: Int32Array;
  private readonly cs: Float64Array;
  private size = 0;
  constructor(private readonly x: Float64Array, private readonly len: number, private readonly capacity: number) {
    this.idx = new Int32Array(2 * capacity);
    this.cs = new Float64Array(2 * capacity);
  }

  /** Queues row_i ← c·row_i + s·row_j, row_j ← c·row_j − s·row_i. */
  push(i: number, j: number, c: number, s: number): void {
    if (this.size === this.capacity) this.flush();
    const q = 2 * this.size++;
    this.idx[q] = i * this.len;
    this.idx[q + 1] = j * this.len;
    this.cs[q] = c;
    this.cs[q + 1] = s;
  }

  flush(): void {
    const { x, len, idx, cs, size } = this;
    if (size === 0) return;
    // WASM SIMD when loaded (x is copied in and out, a few % of the flops at the queue sizes used)
    if (rotateRowsWasm(x, len, idx, cs, size, STRIP)) {
      this.size = 0;
      return;
    }
    for (let c0 = 0; c0 < len; c0 += STRIP) {
      const c1 = Math.min(len, c0 + STRIP);
      for (let q = 0; q < 2 * size; q += 2) {
        const xo = idx[q];
        const yo = idx[q + 1];
        const c = cs[q];
        const s = cs[q + 1];
        for (let k = c0; k < c1; k++) {
          const a = x[xo + k];
          const b = x[yo + k];
          x[xo + k] = c * a + s * b;
          x[yo + k] = c * b - s * a;
        }
      }
    }
    this.size = 0;
  }
}

/** Columns per strip: n rows × 64 doubles ≈ 0.5 MB at n = 1000, inside L2. */
const STRIP = 64;
