import { describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/contracts';
import { unwrapEnvelope } from './envelope';

const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
function thrown(body: Uint8Array): ModelbusError {
  try {
    unwrapEnvelope('x.y', body);
  } catch (e) {
    return e as ModelbusError;
  }
  throw new Error('expected an error');
}

describe('unwrapEnvelope', () => {
  it('returns data of an ok envelope (including falsy data)', () => {
    expect(unwrapEnvelope('x.y', bytes({ ok: true, data: { c: [1, 2] } }))).toEqual({ c: [1, 2] });
    expect(unwrapEnvelope('x.y', bytes({ ok: true, data: 0 }))).toBe(0);
    expect(unwrapEnvelope('x.y', bytes({ ok: true, data: null }))).toBeNull();
  });

  it('throws the error envelope as a ModelbusError with code, message and details', () => {
    const e = thrown(bytes({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'a.rows must be >= 0', details: { fields: ['a.rows'] } } }));
    expect(e).toBeInstanceOf(ModelbusError);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe('a.rows must be >= 0');
    expect(e.details).toEqual({ fields: ['a.rows'] });
  });

  it('keeps an unknown error code visible as INTERNAL with the original code in details', () => {
    const e = thrown(bytes({ ok: false, error: { code: 'TEAPOT', message: 'short and stout' } }));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('short and stout');
    expect(e.details).toEqual({ code: 'TEAPOT', details: undefined });
  });

  it.each([
    ['not JSON', bytes('hello'), 'not JSON'],
    ['a bare value', bytes({ c: 1 }), 'not a Modelbus envelope'],
    ['a Nest wrapper', bytes({ id: '1', response: { c: 1 }, isDisposed: true }), 'not a Modelbus envelope'],
    ['ok that is not boolean', bytes({ ok: 'yes', data: 1 }), 'not a Modelbus envelope'],
    ['error without body', bytes({ ok: false }), 'no error body'],
  ])('rejects %s as INTERNAL', (_n, body, text) => {
    const e = thrown(body);
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toContain(text);
  });
});
