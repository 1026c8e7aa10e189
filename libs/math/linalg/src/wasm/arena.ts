/**
 * Allocator for the shared WASM memory: long-lived regions (resident matrices, batched systems,
 * per-worker GEMM scratch) are allocated here and freed explicitly; everything above the highest live
 * region is "scratch" that a synchronous kernel call may use and forget (the copy-in/copy-out wrappers
 * in kernels.ts). First fit over an address-ordered block list, neighbours merged on free, the top
 * block returned to scratch. The memory is shared with a declared maximum, so growing it never detaches
 * views (KERNELS.md pitfalls 1–2); views are still made per access and never cached.
 */
export interface GrowableMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

const PAGE = 65536;
/** Region alignment: a cache line, so two threads' regions never share one. */
const ALIGN = 64;

interface Block {
  ptr: number;
  bytes: number;
  free: boolean;
}

export class WasmArena {
  private readonly blocks: Block[] = [];
  private end: number;

  constructor(
    private readonly memory: GrowableMemory,
    private readonly base: number,
    private readonly maxPages: number,
  ) {
    this.end = alignUp(base, ALIGN);
  }

  /** First byte above every live region: where a synchronous call may lay out temporary buffers. */
  scratchBase(): number {
    return this.end;
  }

  /** Bytes currently held by live regions and holes (for tests and diagnostics). */
  heldBytes(): number {
    return this.end - alignUp(this.base, ALIGN);
  }

  /**
   * A region of at least `bytes` bytes, 64-byte aligned, or -1 when the memory cannot grow that far.
   * Grows the memory explicitly so the region is addressable when this returns.
   */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, 1), ALIGN);
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i];
      if (!b.free || b.bytes < size) continue;
      if (b.bytes > size) this.blocks.splice(i + 1, 0, { ptr: b.ptr + size, bytes: b.bytes - size, free: true });
      b.bytes = size;
      b.free = false;
      return b.ptr;
    }
    if (!this.ensure(this.end + size)) return -1;
    this.blocks.push({ ptr: this.end, bytes: size, free: false });
    this.end += size;
    return this.end - size;
  }

  /** Returns a region from alloc(); a pointer that is not live throws (double free is a bug). */
  free(ptr: number): void {
    const i = this.blocks.findIndex((b) => b.ptr === ptr && !b.free);
    if (i < 0) throw new Error(`WasmArena.free: ${ptr} is not a live region`);
    this.blocks[i].free = true;
    const next = this.blocks[i + 1];
    if (next?.free) {
      this.blocks[i].bytes += next.bytes;
      this.blocks.splice(i + 1, 1);
    }
    const prev = this.blocks[i - 1];
    if (prev?.free) {
      prev.bytes += this.blocks[i].bytes;
      this.blocks.splice(i, 1);
    }
    const last = this.blocks[this.blocks.length - 1];
    if (last?.free) {
      this.end = last.ptr;
      this.blocks.pop();
    }
  }

  /** Grows the memory so that bytes [0, bytes) are addressable; false past the declared maximum. */
  ensure(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return true;
    const pages = Math.ceil((bytes - have) / PAGE);
    if (have / PAGE + pages > this.maxPages) return false;
    this.memory.grow(pages);
    return true;
  }
}

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
