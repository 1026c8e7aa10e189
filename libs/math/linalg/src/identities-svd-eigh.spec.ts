import { describe, expect, it } from 'vitest';
import { eigh } from './eigh';
import { lanczosEigs } from './lanczos';
import { csrFromDense } from './sparse';
import { svd } from './svd';
import { EPS, expectBelow, mul, randomMatrix, seeded, transpose } from './testing/helpers';

/**
 * SVD ↔ eigendecomposition of XᵀX (and XXᵀ): XᵀX = V·Σ²·Vᵀ and XXᵀ = U·Σ²·Uᵀ, so the right singular
 * vectors are the eigenvectors of XᵀX (up to sign, for distinct σ), u_i = X·v_i/σ_i, and the Lanczos
 * top eigenpairs of XᵀX give the leading singular triplets. (σ² = eig(XᵀX) for the values is in svd.spec.)
 */
describe('SVD and eig(XᵀX)', () => {
  it('eigenvectors of XᵀX are the right singular vectors (up to sign); X·v_i/σ_i = u_i; XXᵀ has the same nonzero spectrum', () => {
    const x = randomMatrix(40, 8, seeded(17));
    const { u, s, vt } = svd(x);
    const xtx = mul(transpose(x), x);
    const { values, vectors } = eigh(xtx); // ascending
    const n = 8;
    for (let i = 0; i < n; i++) {
      const col = n - 1 - i; // i-th largest eigenvalue
      // |λ − σ²| ≤ c·n·eps·σ_max², c = 16
      expectBelow(`λ${i}`, Math.abs(values[col] - s[i] ** 2), 16 * 40 * EPS * s[0] ** 2);
      let dot = 0;
      for (let j = 0; j < n; j++) dot += vectors.data[j * n + col] * vt.data[i * n + j];
      // angle between eigenvector and right singular vector ≤ c·eps·σ_max²/gap(σ²), gaps here ≥ 0.05·σ_max²
      expectBelow(`|⟨v, w⟩| ${i}`, 1 - Math.abs(dot), 1e3 * EPS * 20);
      // u_i = X·v_i/σ_i
      let err = 0;
      for (let r = 0; r < 40; r++) {
        let xv = 0;
        for (let j = 0; j < n; j++) xv += x.data[r * n + j] * vt.data[i * n + j];
        err = Math.max(err, Math.abs(xv / s[i] - u.data[r * n + i]));
      }
      expectBelow(`u${i}`, err, 1e3 * 40 * EPS);
    }
    const xxt = eigh(mul(x, transpose(x))).values; // 40 values, 32 of them zero to rounding
    for (let i = 0; i < n; i++) expectBelow(`XXᵀ λ${i}`, Math.abs(xxt[39 - i] - s[i] ** 2), 16 * 40 * EPS * s[0] ** 2);
    for (let i = 0; i < 32; i++) expect(Math.abs(xxt[i])).toBeLessThan(16 * 40 * EPS * s[0] ** 2);
  });

  it('Lanczos on the sparse XᵀX gives the 3 leading singular values of a sparse X', () => {
    const x = randomMatrix(200, 60, seeded(2));
    for (let i = 0; i < x.data.length; i++) if (i % 7 !== 0) x.data[i] = 0;
    const s = svd(x).s;
    const r = lanczosEigs(csrFromDense(mul(transpose(x), x)), 3);
    for (let i = 0; i < 3; i++) expectBelow(`σ${i}`, Math.abs(Math.sqrt(r.values[i]) - s[i]), 1e-9 * s[0]);
  });
});
