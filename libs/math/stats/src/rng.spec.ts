import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });

  it('has uniform and normal moments within sampling error', () => {
    const r = new Rng(7), n = 200_000;
    let su = 0, sn = 0, sn2 = 0;
    for (let i = 0; i < n; i++) { su += r.uniform(); const z = r.normal(); sn += z; sn2 += z * z; }
    // standard errors: uniform mean 0.29/sqrt(n) ≈ 6.5e-4, normal mean 2.2e-3, normal variance 3.2e-3; allow 5 se
    expect(Math.abs(su / n - 0.5)).toBeLessThan(3.3e-3);
    expect(Math.abs(sn / n)).toBeLessThan(1.1e-2);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(1.6e-2);
  });

  it('permutation contains every index once', () => {
    const p = new Rng(1).permutation(1000);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
