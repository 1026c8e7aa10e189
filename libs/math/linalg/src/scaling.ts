/**
 * A power of two near max|x_i| (1 for all-zero input), for exact pre-scaling of algorithms whose
 * intermediate products would over/underflow at extreme magnitudes. Clamped to 2^[-1022, 1023] so both
 * the scale and its reciprocal are finite normal numbers (log2 of MAX_VALUE rounds to 1024).
 */
export function powerOfTwoScale(x: ArrayLike<number>): number {
  let maxAbs = 0;
  for (let i = 0; i < x.length; i++) maxAbs = Math.max(maxAbs, Math.abs(x[i]));
  if (maxAbs === 0) return 1;
  return 2 ** Math.min(1023, Math.max(-1022, Math.floor(Math.log2(maxAbs))));
}
