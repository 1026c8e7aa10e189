import { rotateRowsWasm, wasmRuntime, wasmWorkspace } from './wasm/kernels';

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

type RotateExports = NonNullable<ReturnType<typeof wasmRuntime>>['exports'];

/**
 * Queues for several matrices kept resident in WASM memory for a whole rotation phase (one copy in, one
 * copy out, instead of a copy per flush), with the queue entries written straight into WASM memory.
 * The same arithmetic as RotationQueue (bitwise equal results). `create` returns null when the kernels
 * are unavailable or memory is short; nothing else may call a WASM kernel until `finish`.
 */
export class ResidentRotationQueues {
  private readonly sizes: Int32Array;
  private constructor(
    private readonly x: RotateExports,
    private readonly mats: Float64Array[],
    private readonly lens: number[],
    private readonly matPtr: number[],
    private readonly idxPtr: number[],
    private readonly csPtr: number[],
    private readonly idx: Int32Array[],
    private readonly cs: Float64Array[],
    private readonly capacity: number,
  ) {
    this.sizes = new Int32Array(mats.length);
  }

  /** mats[q] has rows of length lens[q]; each queue holds up to `capacity` rotations between flushes. */
  static create(mats: Float64Array[], lens: number[], capacity: number): ResidentRotationQueues | null {
    const probe = wasmWorkspace(0);
    if (probe === null || typeof probe.exports.rotateRows !== 'function') return null;
    const align = (b: number) => (b + 63) & ~63;
    let at = probe.base;
    const matPtr: number[] = [];
    const idxPtr: number[] = [];
    const csPtr: number[] = [];
    for (const m of mats) {
      matPtr.push(at);
      at += align(m.length * 8);
      idxPtr.push(at);
      at += align(capacity * 8);
      csPtr.push(at);
      at += align(capacity * 16);
    }
    const ws = wasmWorkspace(at - probe.base);
    if (ws === null || ws.base !== probe.base) return null;
    const buf = ws.heap.buffer;
    mats.forEach((m, q) => ws.heap.set(m, matPtr[q] / 8));
    const idx = idxPtr.map((p) => new Int32Array(buf, p, 2 * capacity));
    const cs = csPtr.map((p) => new Float64Array(buf, p, 2 * capacity));
    return new ResidentRotationQueues(ws.exports as unknown as RotateExports, mats, lens, matPtr, idxPtr, csPtr, idx, cs, capacity);
  }

  /** Queues on matrix q: row_i ← c·row_i + s·row_j, row_j ← c·row_j − s·row_i. */
  push(q: number, i: number, j: number, c: number, s: number): void {
    if (this.sizes[q] === this.capacity) this.flush(q);
    const k = 2 * this.sizes[q]++;
    const len = this.lens[q];
    this.idx[q][k] = i * len;
    this.idx[q][k + 1] = j * len;
    this.cs[q][k] = c;
    this.cs[q][k + 1] = s;
  }

  flush(q: number): void {
    if (this.sizes[q] === 0) return;
    this.x.rotateRows(this.matPtr[q], this.lens[q], this.idxPtr[q], this.csPtr[q], this.sizes[q], STRIP);
    this.sizes[q] = 0;
  }

  /** Matrix q's queue with RotationQueue's push/flush. */
  queue(q: number): { push(i: number, j: number, c: number, s: number): void; flush(): void } {
    return { push: (i, j, c, s) => this.push(q, i, j, c, s), flush: () => this.flush(q) };
  }

  /** Applies what is queued and copies the matrices back. */
  finish(): void {
    const probe = wasmWorkspace(0);
    if (probe === null) throw new Error('WASM workspace vanished during a resident rotation phase');
    this.mats.forEach((m, q) => {
      this.flush(q);
      m.set(probe.heap.subarray(this.matPtr[q] / 8, this.matPtr[q] / 8 + m.length));
    });
  }
}
