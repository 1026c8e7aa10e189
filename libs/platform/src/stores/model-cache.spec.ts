import { describe, expect, it } from 'vitest';
import type { ModelMeta } from '@modelbus/contracts';
import { ModelCache } from './model-cache';

const model = (bytes: number) => ({ meta: { kind: 'k' } as ModelMeta, bytes: new Uint8Array(bytes) });

describe('ModelCache', () => {
  it('keeps entries by bytes and evicts the least recently used first', () => {
    const c = new ModelCache(100);
    c.set('a', 'n1', model(40));
    c.set('b', 'n1', model(40));
    expect(c.get('a', 'n1')?.bytes.byteLength).toBe(40); // a is now the most recent
    c.set('c', 'n1', model(40)); // 120 > 100: b (least recent) goes
    expect(c.get('b', 'n1')).toBeUndefined();
    expect(c.get('a', 'n1')).toBeDefined();
    expect(c.get('c', 'n1')).toBeDefined();
    expect(c.size).toEqual({ entries: 2, bytes: 80 });
  });

  it('answers only for the revision it read, and drops a stale one', () => {
    const c = new ModelCache(100);
    c.set('a', 'n1', model(10));
    expect(c.get('a', 'n2')).toBeUndefined();
    expect(c.size).toEqual({ entries: 0, bytes: 0 });
    c.set('a', 'n2', model(20));
    c.set('a', 'n3', model(30)); // replacing counts the bytes once
    expect(c.size).toEqual({ entries: 1, bytes: 30 });
  });

  it('does not keep an object larger than half the budget, nor anything with a zero budget', () => {
    const c = new ModelCache(100);
    c.set('small', 'n', model(50));
    c.set('big', 'n', model(51));
    expect(c.get('big', 'n')).toBeUndefined();
    expect(c.get('small', 'n')).toBeDefined();
    const off = new ModelCache(0);
    off.set('a', 'n', model(1));
    expect(off.size.entries).toBe(0);
  });

  it('delete forgets an entry and its bytes', () => {
    const c = new ModelCache(100);
    c.set('a', 'n', model(30));
    c.delete('a');
    c.delete('missing');
    expect(c.size).toEqual({ entries: 0, bytes: 0 });
  });
});
