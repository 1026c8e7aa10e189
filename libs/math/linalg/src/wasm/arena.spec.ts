import { describe, expect, it } from 'vitest';
import { WasmArena } from './arena';

/** Stand-in for the shared WebAssembly.Memory: the arena only reads buffer.byteLength and calls grow(pages). */
function fakeMemory(pages: number) {
  let bytes = pages * 65536;
  return {
    get buffer() {
      return { byteLength: bytes } as ArrayBufferLike;
    },
    grow(n: number) {
      const old = bytes / 65536;
      bytes += n * 65536;
      return old;
    },
  };
}

describe('WasmArena', () => {
  it('allocates aligned, disjoint regions above the base, grows the memory, and reuses freed holes first', () => {
    const mem = fakeMemory(1);
    const arena = new WasmArena(mem, 1000, 64);
    const a = arena.alloc(100);
    const b = arena.alloc(70000); // past the first page: the memory must grow
    const c = arena.alloc(8);
    expect(a).toBe(1024);
    expect([a, b, c].every((p) => p % 64 === 0)).toBe(true);
    expect(b).toBeGreaterThanOrEqual(a + 100);
    expect(c).toBeGreaterThanOrEqual(b + 70000);
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(c + 8);
    expect(arena.scratchBase()).toBeGreaterThanOrEqual(c + 8);
    arena.free(a);
    expect(arena.alloc(64)).toBe(a); // first fit in the hole
    arena.free(c);
    expect(arena.scratchBase()).toBe(b + 70016); // top freed: scratch moves down
    expect(() => arena.free(c)).toThrow('not a live region');
  });

  it('merges neighbouring holes and returns everything to scratch when all regions are freed', () => {
    const arena = new WasmArena(fakeMemory(1), 0, 64);
    const ptrs = [64, 640, 128, 6400].map((n) => arena.alloc(n));
    for (const p of [ptrs[1], ptrs[0], ptrs[2]]) arena.free(p);
    expect(arena.alloc(64 + 640 + 128)).toBe(ptrs[0]); // the merged hole fits the three together
    arena.free(ptrs[0]);
    arena.free(ptrs[3]);
    expect(arena.heldBytes()).toBe(0);
    expect(arena.scratchBase()).toBe(0);
  });

  it('returns -1 past the declared maximum instead of growing', () => {
    const arena = new WasmArena(fakeMemory(1), 0, 2);
    expect(arena.alloc(3 * 65536)).toBe(-1);
    expect(arena.alloc(65536)).toBe(0);
  });
});
