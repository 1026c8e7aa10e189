import { InvalidArgumentError, assertFinite } from '@modelbus/math-linalg';

/** Largest ARMA order accepted: the exact ACF solves a dense (max(p,q)+1)² system. */
export const MAX_ARMA_ORDER = 1000;

/** Copies coefficients into a fresh Float64Array after checking type, length and finiteness. */
export function toCoefficients(value: unknown, field: string, maxLength = MAX_ARMA_ORDER): Float64Array {
  if (!(Array.isArray(value) || value instanceof Float64Array)) {
    throw new InvalidArgumentError(field, 'must be an array of numbers');
  }
  if (value.length > maxLength) throw new InvalidArgumentError(field, `has ${value.length} coefficients, at most ${maxLength} allowed`);
  const out = Float64Array.from(value as ArrayLike<number>);
  for (let i = 0; i < value.length; i++) {
    if (typeof (value as ArrayLike<unknown>)[i] !== 'number') throw new InvalidArgumentError(`${field}[${i}]`, 'must be a finite number');
  }
  assertFinite(out, field);
  return out;
}

/** Checks an integer in [min, max] and returns it. */
export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, `must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Checks a finite number (optionally strictly positive) and returns it. */
export function checkFinite(value: unknown, field: string, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (positive && !(value > 0))) {
    throw new InvalidArgumentError(field, `must be a finite${positive ? ' positive' : ''} number, got ${String(value)}`);
  }
  return value;
}

/** A series: array of finite numbers, or (allowMissing) NaN for missing values; never ±Infinity. */
export function toSeries(value: unknown, field: string, allowMissing = false, minLength = 1): Float64Array {
  if (!(Array.isArray(value) || value instanceof Float64Array)) {
    throw new InvalidArgumentError(field, 'must be an array of numbers');
  }
  if (value.length < minLength) throw new InvalidArgumentError(field, `must have at least ${minLength} values`);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = (value as ArrayLike<unknown>)[i];
    if (typeof v !== 'number' || (!Number.isFinite(v) && !(allowMissing && Number.isNaN(v)))) {
      throw new InvalidArgumentError(`${field}[${i}]`, allowMissing ? 'must be a finite number or NaN (missing)' : 'must be a finite number');
    }
    out[i] = v;
  }
  return out;
}
