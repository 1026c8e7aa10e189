// Test-only: central finite differences, the independent answer gradient checks compare against.

/** Numerical gradient of f at p (p is perturbed and restored in place). Error O(h²). */
export function numericGradient(f: () => number, p: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    p[i] = v + h;
    const fp = f();
    p[i] = v - h;
    const fm = f();
    p[i] = v;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** max |a − b| / max(1, |a|, |b|) over elements: relative where large, absolute near 0. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]), Math.abs(b[i])));
  return e;
}
