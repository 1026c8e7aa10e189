import { describe, expect, it } from 'vitest';
import { hessenbergSchurWasm } from './schur-wasm';
import { EPS, expectBelow, seeded } from './testing/helpers';

/**
 * The WASM Hessenberg reduction + Francis QR (with the reduction's Q accumulated through GEMM) must give
 * a real Schur decomposition A = V·T·Vᵀ: backward stable, so ‖A − V·T·Vᵀ‖_F ≤ c·n·eps·‖A‖_F and
 * ‖VᵀV − I‖_F ≤ c·n·eps (Golub & Van Loan §7.5.6), c = 16; T zero below its subdiagonal, with a nonzero
 * subdiagonal entry only inside a 2×2 block of a complex pair. eig.spec.ts covers the eigenvectors.
 */
function check(a: Float64Array, n: number): void {
  const H = a.slice();
  const vt = new Float64Array(n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const norm = hessenbergSchurWasm(H, n, vt, d, e, 40 * n);
  expect(norm).not.toBeNull();
  let fa = 0;
  for (const x of a) fa += x * x;
  fa = Math.max(Math.sqrt(fa), Number.MIN_VALUE);
  // V·T·Vᵀ with V = vtᵀ: (V·T)[i][k] = Σ_j vt[j][i]·T[j][k]
  let res = 0;
  let orth = 0;
  const vtT = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += vt[j * n + i] * H[j * n + k];
    vtT[i * n + k] = s;
  }
  for (let i = 0; i < n; i++) for (let m = 0; m < n; m++) {
    let s = 0;
    let g = 0;
    for (let k = 0; k < n; k++) {
      s += vtT[i * n + k] * vt[k * n + m];
      g += vt[i * n + k] * vt[m * n + k];
    }
    res += (s - a[i * n + m]) ** 2;
    orth += (g - (i === m ? 1 : 0)) ** 2;
  }
  expectBelow('‖A − VTVᵀ‖/‖A‖', Math.sqrt(res) / fa, 16 * n * EPS);
  expectBelow('‖VᵀV − I‖', Math.sqrt(orth), 16 * n * EPS);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i - 1; j++) expect(H[i * n + j]).toBe(0);
    if (H[i * n + i - 1] !== 0) expect(e[i - 1]).toBeGreaterThan(0); // only inside a complex pair's block
  }
}

describe.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('Hessenberg + Francis QR in WASM', () => {
  it.each([1, 2, 3, 17, 64, 150])('random n = %i: A = V·T·Vᵀ, V orthogonal, T quasi-triangular', (n) => {
    const r = seeded(n + 3);
    check(Float64Array.from({ length: n * n }, () => 2 * r() - 1), n);
  });

  it('structured: zero matrix, a rotation block (complex pair), a companion matrix, a zero column', () => {
    check(new Float64Array(16), 4);
    check(Float64Array.of(0, -1, 0, 1, 0, 0, 0, 0, 2), 3);
    const n = 12;
    const comp = new Float64Array(n * n);
    for (let i = 1; i < n; i++) comp[i * n + i - 1] = 1;
    for (let i = 0; i < n; i++) comp[i * n + n - 1] = -(i + 1) / n;
    check(comp, n);
    const r = seeded(4);
    const z = Float64Array.from({ length: 40 * 40 }, () => 2 * r() - 1);
    for (let i = 0; i < 40; i++) z[i * 40 + 5] = 0;
    check(z, 40);
  });
});
