/** In-place iterative radix-2 complex FFT (length a power of two); inverse when `inverse` (unscaled). */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  // twiddle table e^{∓2πik/n}, k < n/2, each entry computed directly (rounding O(ε), not accumulated)
  const half0 = n >> 1;
  const cosT = new Float64Array(half0);
  const sinT = new Float64Array(half0);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < half0; k++) {
    cosT[k] = Math.cos((2 * Math.PI * k) / n);
    sinT[k] = sign * Math.sin((2 * Math.PI * k) / n);
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const stride = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cosT[k * stride];
        const wi = sinT[k * stride];
        const i = start + k;
        const j = i + half;
        const xr = re[j] * wr - im[j] * wi;
        const xi = re[j] * wi + im[j] * wr;
        re[j] = re[i] - xr;
        im[j] = im[i] - xi;
        re[i] += xr;
        im[i] += xi;
      }
    }
  }
}

/** Σ_{t} d_t d_{t+k} for k = 0..lags via zero-padded FFT (|X|² then inverse), O(n log n). */
export function autocovarianceSumsFft(d: Float64Array, lags: number): Float64Array {
  const n = d.length;
  let size = 1;
  while (size < 2 * n) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(d);
  fftInPlace(re, im, false);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fftInPlace(re, im, true);
  const out = new Float64Array(lags + 1);
  for (let k = 0; k <= lags; k++) out[k] = re[k] / size;
  return out;
}
