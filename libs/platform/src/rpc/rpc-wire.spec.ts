import { describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/contracts';
import { toErrorBody } from '../worker/error-mapping';
import { EnvelopeSerializer } from './envelope.serializer';
import { JsonRequestDeserializer, MalformedBody } from './json-request.deserializer';
import { DtoValidationPipe } from './dto-validation.pipe';
import { MatmulRequest } from '@modelbus/contracts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('plain-JSON wire format', () => {
  const d = new JsonRequestDeserializer();

  it('reads a bare JSON body as the request data, with an id when a reply is expected', () => {
    const r = d.deserialize({ data: enc('{"x":1}'), reply: '_INBOX.1' }, { channel: 'la.matmul', replyTo: '_INBOX.1' });
    expect(r.pattern).toBe('la.matmul');
    expect(r.data).toEqual({ x: 1 });
    expect(typeof r.id).toBe('string');
    expect(d.deserialize({ data: enc('{}') }, { channel: 'e' }).id).toBeUndefined(); // an event
  });

  it('treats an empty body as {} and marks malformed JSON for the validation pipe', () => {
    expect(d.deserialize({ data: new Uint8Array() }, { channel: 'x', replyTo: 'r' }).data).toEqual({});
    const bad = d.deserialize({ data: enc('{"a":') }, { channel: 'x', replyTo: 'r' }).data;
    expect(bad).toBeInstanceOf(MalformedBody);
    expect(() => new DtoValidationPipe().transform(bad, { type: 'body', metatype: MatmulRequest })).toThrow(/not valid JSON/);
    // NaN/Infinity as Python's json.dumps writes them: the reason says JSON has no such numbers
    const nan = d.deserialize({ data: enc('{"a":{"rows":1,"cols":2,"data":[NaN, -Infinity]}}') }, { channel: 'x', replyTo: 'r' }).data as MalformedBody;
    expect(nan.reason).toMatch(/not valid JSON: .*JSON has no NaN or Infinity/);
    expect((d.deserialize({ data: enc('{"name":"NaNa"') }, { channel: 'x', replyTo: 'r' }).data as MalformedBody).reason).not.toMatch(/NaN or Infinity/);
  });

  it('answers with the envelope alone', () => {
    const s = new EnvelopeSerializer();
    expect(JSON.parse(s.serialize({ response: { c: 1 } }).data)).toEqual({ ok: true, data: { c: 1 } });
    expect(JSON.parse(s.serialize({ err: { code: 'NOT_FOUND', message: 'no' } }).data)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no' } });
    expect(JSON.parse(s.serialize({ err: 'boom' }).data)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    expect(JSON.parse(s.serialize({}).data)).toEqual({ ok: true, data: null });
  });

  it('turns a reply too big for one NATS message into RESOURCE_EXHAUSTED', () => {
    const s = new EnvelopeSerializer(() => 4096);
    const small = JSON.parse(s.serialize({ response: { x: new Array(100).fill(1) } }).data);
    expect(small.ok).toBe(true);
    const big = JSON.parse(s.serialize({ response: { x: new Array(5000).fill(1) } }).data);
    expect(big.ok).toBe(false);
    expect(big.error.code).toBe('RESOURCE_EXHAUSTED');
    expect(big.error.message).toMatch(/max_payload/);
  });

  it('validates a payload against the handler parameter type', () => {
    const pipe = new DtoValidationPipe();
    const ok = pipe.transform({ a: { rows: 1, cols: 1, data: [1] }, b: { rows: 1, cols: 1, data: [2] } }, { type: 'body', metatype: MatmulRequest });
    expect(ok).toBeInstanceOf(MatmulRequest);
    expect(() => pipe.transform({ a: 1 }, { type: 'body', metatype: MatmulRequest })).toThrow(ModelbusError);
  });
});

describe('toErrorBody', () => {
  it.each([
    [Object.assign(new Error('x bad'), { name: 'InvalidArgumentError' }), 'INVALID_ARGUMENT'],
    [Object.assign(new Error('singular'), { name: 'FailedPreconditionError' }), 'FAILED_PRECONDITION'],
    [Object.assign(new Error('too many'), { name: 'ResultTooLargeError' }), 'RESOURCE_EXHAUSTED'],
    [Object.assign(new Error('stop'), { name: 'AbortError' }), 'CANCELLED'],
    [new ModelbusError('NOT_FOUND', 'gone'), 'NOT_FOUND'],
    [{ code: 'DEADLINE_EXCEEDED', message: 'late' }, 'DEADLINE_EXCEEDED'],
    [new TypeError('bug'), 'INTERNAL'],
  ])('maps %s to %s', (err, code) => {
    expect(toErrorBody(err).code).toBe(code);
  });
});
