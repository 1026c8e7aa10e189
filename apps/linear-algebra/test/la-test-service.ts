import { expect } from 'vitest';
import { ModelbusError } from '@modelbus/client';
import { NATS_URL, useService } from '../../../tools/dev/use-service';

export { NATS_URL };

/** JSON matrix as the subjects speak it. */
export type M = { rows: number; cols: number; data: number[] };

/** Naive a·b (reference for identity checks). */
export const mul = (a: M, b: M): M => {
  const c = new Array(a.rows * b.cols).fill(0);
  for (let i = 0; i < a.rows; i++) for (let k = 0; k < a.cols; k++) for (let j = 0; j < b.cols; j++) c[i * b.cols + j] += a.data[i * a.cols + k] * b.data[k * b.cols + j];
  return { rows: a.rows, cols: b.cols, data: c };
};
export const t = (a: M): M => ({ rows: a.cols, cols: a.rows, data: Array.from({ length: a.rows * a.cols }, (_, idx) => a.data[(idx % a.rows) * a.cols + Math.floor(idx / a.rows)]) });

/**
 * The built linear-algebra service and a client around the tests of one file (useService), with
 * `call` answering `any` (replies are checked field by field) and `fail` expecting a ModelbusError.
 */
export function useLinearAlgebraService() {
  const la = useService('linear-algebra');
  const get = la.client;
  return {
    client: get,
    service: la.service,
    call: (subject: string, body: unknown) => get().call<any>(subject, body),
    fail: async (subject: string, body: unknown) => {
      const err = await get().call(subject, body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelbusError);
      return err as ModelbusError;
    },
  };
}
