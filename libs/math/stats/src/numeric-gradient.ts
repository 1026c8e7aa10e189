/**
 * Central-difference gradient of f at x into grad, step h_i = ε^{1/3}·max(1, |x_i|) (error
 * O(h²) truncation + O(ε/h) rounding, balanced at this h). x is restored on return.
 */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, grad: Float64Array, relStep = 6.055e-6): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const h = relStep * Math.max(1, Math.abs(xi));
    x[i] = xi + h;
    const hi = x[i] - xi; // representable step
    const fp = f(x);
    x[i] = xi - hi;
    const fm = f(x);
    x[i] = xi;
    grad[i] = (fp - fm) / (2 * hi);
  }
}
