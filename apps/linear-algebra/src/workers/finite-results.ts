// JSON has no ∞ or NaN: a typed-array result that overflowed would leave the service as null inside a
// successful reply. Every request/reply op's arrays are checked here instead (scalars such as det and
// cond1 are mapped to null by their handlers, as documented).
import { FailedPreconditionError } from '@modelbus/math-linalg';
import type { OpContext } from '@modelbus/platform/worker';

type Op = (args: any, ctx: OpContext) => unknown;

/** Throws FailedPreconditionError naming the first non-finite entry of a typed array (or a matrix's data) in `result`. */
export function checkFiniteResult(result: unknown): void {
  if (!result || typeof result !== 'object') return;
  for (const [key, v] of Object.entries(result)) {
    const [name, values] = ArrayBuffer.isView(v) ? [key, v] : isMatrix(v) ? [`${key}.data`, v.data] : [key, undefined];
    if (!(values instanceof Float64Array || values instanceof Float32Array)) continue;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        const range = values instanceof Float32Array ? 'the f32 range (dtype f32)' : 'the double range';
        throw new FailedPreconditionError(`the result overflows ${range}: ${name}[${i}] is ${values[i]} (JSON has no infinity): scale the input down`);
      }
    }
  }
}

const isMatrix = (v: unknown): v is { data: unknown } => !!v && typeof v === 'object' && ArrayBuffer.isView((v as { data?: unknown }).data);

/** The op with its result checked by checkFiniteResult. */
export function finiteResults<O extends Op>(op: O): O {
  return ((args: unknown, ctx: OpContext) => {
    const r = op(args, ctx);
    checkFiniteResult(r);
    return r;
  }) as O;
}

/** Every op of a table wrapped by finiteResults. */
export function allFiniteResults<T extends Record<string, Op>>(ops: T): T {
  return Object.fromEntries(Object.entries(ops).map(([name, op]) => [name, finiteResults(op)])) as T;
}
