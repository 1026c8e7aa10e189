import { describe, expect, it } from 'vitest';
import { applyQ, applyQt, tallQr, tallQrR } from './svd-tall-qr';
import { Matrix } from './matrix';
import { diffNorm, EPS, expectBelow, frobenius, identity, mul, orthogonalityError, randomLowRank, randomMatrix, seeded, transpose } from './testing/helpers';

/** Q (m×n) explicitly: rows of Qᵀ are Q·e_c, built with applyQ on the padded identity rows. */
function explicitQ(m: number, n: number, f: ReturnType<typeof tallQr>): Matrix {
  const qt = new Float64Array(n * m);
  for (let c = 0; c < n; c++) qt[c * m + c] = 1;
  applyQ(f, qt, n);
  return transpose({ rows: n, cols: m, data: qt });
}

/**
 * Householder QR is backward stable: ‖A − QR‖ ≤ c·m·n·eps·‖A‖ and ‖QᵀQ − I‖ ≤ c·m·n·eps; c = 10 leaves
 * room for the GEMM's summation order (the observed errors are ~100× below these bounds).
 */
function check(a: Matrix, label: string): void {
  checkBackend(a, `${label} (wasm when loaded)`, 'auto');
  checkBackend(a, `${label} (ts)`, 'ts');
}

function checkBackend(a: Matrix, label: string, backend: 'auto' | 'ts'): void {
  const { rows: m, cols: n } = a;
  const f = tallQr(a.data, m, n, 1, backend);
  const q = explicitQ(m, n, f);
  const r = { rows: n, cols: n, data: tallQrR(f) };
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(r.data[i * n + j]).toBe(0);
  expectBelow(`${label} ‖A − QR‖/‖A‖`, diffNorm(a, mul(q, r)) / (frobenius(a) || 1), 10 * m * EPS);
  expectBelow(`${label} ‖QᵀQ − I‖`, orthogonalityError(q), 10 * m * EPS);
  // Qᵀ undoes Q on arbitrary vectors
  const x = randomMatrix(3, m, seeded(9));
  const y = Float64Array.from(x.data);
  applyQ(f, y, 3);
  applyQt(f, y, 3);
  expectBelow(`${label} QᵀQx − x`, diffNorm(x, { rows: 3, cols: m, data: y }) / frobenius(x), 10 * m * EPS);
}

describe('tallQr (blocked, recursive panels)', () => {
  it('random tall matrices across the panel and leaf sizes: A = QR, QᵀQ = I', () => {
    check(randomMatrix(300, 70, seeded(1)), '300×70');
    check(randomMatrix(97, 97, seeded(2)), '97×97');
    check(randomMatrix(40, 5, seeded(3)), '40×5');
    check(randomMatrix(1, 1, seeded(4)), '1×1');
  });

  it('rank-deficient, zero columns and extreme scales', () => {
    check(randomLowRank(200, 50, 7, seeded(5)), 'rank 7');
    const z = randomMatrix(120, 40, seeded(6));
    for (let i = 0; i < 120; i++) for (const j of [0, 17, 39]) z.data[i * 40 + j] = 0;
    check(z, 'zero columns');
    const tiny = randomMatrix(90, 35, seeded(7));
    for (let i = 0; i < tiny.data.length; i++) tiny.data[i] *= 1e-160; // squares underflow
    check(tiny, 'tiny');
    const huge = randomMatrix(90, 35, seeded(8));
    for (let i = 0; i < huge.data.length; i++) huge.data[i] *= 1e160; // squares overflow
    const f = tallQr(huge.data, 90, 35);
    for (const v of f.r) expect(Number.isFinite(v)).toBe(true);
  });

  it('identity stays identity up to signs', () => {
    const f = tallQr(identity(50).data, 50, 50);
    for (let j = 0; j < 50; j++) expect(Math.abs(f.r[j * 51])).toBe(1);
  });

  it('Qᵀ applied during the factorisation (options.qt) equals applyQt afterwards', () => {
    const a = randomMatrix(300, 45, seeded(11));
    for (const backend of ['auto', 'ts'] as const) {
      const y = randomMatrix(2, 300, seeded(12)).data;
      const during = Float64Array.from(y);
      tallQr(a.data, 300, 45, 1, backend, { qt: { x: during, rows: 2 }, keepBlocks: false });
      applyQt(tallQr(a.data, 300, 45, 1, backend), y, 2);
      expectBelow(`${backend} Qᵀy`, diffNorm({ rows: 2, cols: 300, data: y }, { rows: 2, cols: 300, data: during }), 100 * EPS);
    }
  });

  it('the WASM-resident and TypeScript factorisations agree to rounding', () => {
    const a = randomMatrix(500, 90, seeded(10));
    const x = tallQr(a.data, 500, 90).r;
    const y = tallQr(a.data, 500, 90, 1, 'ts').r;
    expectBelow('R wasm vs ts', diffNorm({ rows: 90, cols: 90, data: x }, { rows: 90, cols: 90, data: y }) / frobenius(a), 100 * EPS);
  });
});
