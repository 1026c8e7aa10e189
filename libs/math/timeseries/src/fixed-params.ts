import { InvalidArgumentError } from '@modelbus/math-linalg';

/** Parameter values the caller holds fixed in a fit, by the names the fitted model reports in params. */
export type FixedParams = Record<string, number>;

/**
 * Checks fixed values against the model's parameter names (in params order) and returns them as a
 * Map. An unknown name is an InvalidArgumentError on `fixed.<name>` that lists the valid names, so
 * a typo never silently leaves a parameter free; a non-finite value is rejected the same way.
 */
export function checkFixedParams(fixed: FixedParams | undefined, valid: readonly string[], model: string): Map<string, number> {
  const out = new Map<string, number>();
  if (fixed === undefined) return out;
  if (fixed === null || typeof fixed !== 'object' || Array.isArray(fixed)) throw new InvalidArgumentError('fixed', 'must be an object { parameterName: value }');
  for (const [name, v] of Object.entries(fixed)) {
    if (!valid.includes(name)) throw new InvalidArgumentError(`fixed.${name}`, `is not a parameter of ${model}; valid names: ${valid.join(', ')}`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`fixed.${name}`, `must be a finite number, got ${String(v)}`);
    out.set(name, v);
  }
  return out;
}
