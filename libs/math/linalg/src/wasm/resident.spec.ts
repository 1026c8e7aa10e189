import { describe, expect, it } from 'vitest';
import { gemmKernelTs } from '../gemm-kernel';
import { EPS, randomMatrix, seeded } from '../testing/helpers';
import { wasmRuntime } from './kernels';
import { ResidentMatrix, gemmAt, gemmResident } from './resident';

// Resident operands: copies in and out are exact, GEMM on them (whole and on sub-blocks) matches the TS
// kernel within the componentwise bound of the GEMM tests (2·γ_{k+2}·(|α||A||B| + |β||C|), here with a
// normwise stand-in: entries are in [-1, 1), so |A||B| ≤ k).
describe.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('ResidentMatrix', () => {
  it('round-trips, multiplies in place, works on sub-blocks, and gives its region back', () => {
    const rand = seeded(4);
    const a = randomMatrix(37, 21, rand), b = randomMatrix(29, 21, rand), c0 = randomMatrix(37, 29, rand);
    const held = wasmRuntime()?.arena.heldBytes();
    const [ra, rb, rc] = [ResidentMatrix.from(a), ResidentMatrix.from(b), ResidentMatrix.from(c0)];
    try {
      expect(ra.toMatrix()).toEqual(a);
      gemmResident(false, true, 0.5, ra, rb, -2, rc);
      const want = c0.data.slice();
      gemmKernelTs(false, true, 37, 29, 21, 0.5, a.data, 21, b.data, 21, -2, want, 29);
      const bound = 2 * ((21 + 2) * EPS) * (0.5 * 21 + 2);
      const got = rc.view();
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(bound);
      // rows 5..15 × cols 3..10 of C −= A[5:15, :]·B[3:10, :]ᵀ, addressed inside the resident regions
      const before = rc.view().slice();
      expect(gemmAt(false, true, 10, 7, 21, -1, ra.ptr + 8 * 5 * 21, 21, rb.ptr + 8 * 3 * 21, 21, 1, rc.ptr + 8 * (5 * 29 + 3), 29)).toBe(true);
      const after = rc.view();
      for (let i = 0; i < 37; i++) {
        for (let j = 0; j < 29; j++) {
          const inside = i >= 5 && i < 15 && j >= 3 && j < 10;
          if (!inside) expect(after[i * 29 + j]).toBe(before[i * 29 + j]);
          else {
            let s = 0;
            for (let p = 0; p < 21; p++) s += a.data[i * 21 + p] * b.data[j * 21 + p];
            expect(Math.abs(after[i * 29 + j] - (before[i * 29 + j] - s))).toBeLessThanOrEqual(bound);
          }
        }
      }
      expect(() => gemmResident(false, false, 1, ra, rb, 0, rc)).toThrow('do not conform');
    } finally {
      for (const r of [ra, rb, rc]) r.dispose();
    }
    expect(wasmRuntime()?.arena.heldBytes()).toBe(held);
    expect(() => ra.view()).toThrow('used after dispose()');
  });
});
