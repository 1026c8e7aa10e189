import { describe, expect, it } from 'vitest';
import { resolveConstraints } from './mining';

describe('resolveConstraints', () => {
  it('maps names to codes for string datasets and keeps integers for FIMI data', () => {
    expect(resolveConstraints(['b'], ['a'], ['a', 'b', 'c'])).toEqual({ requireItems: [1], excludeItems: [0] });
    expect(resolveConstraints([7], undefined, null)).toEqual({ requireItems: [7], excludeItems: undefined });
  });

  // the error must use the request's field names and the item as the caller wrote it (not requireItems / a code)
  it.each([
    [['milk'], ['bread', 'milk'], ['bread', 'milk'], '"milk"'],
    [[3, 5], [5], null, '5'],
  ])('refuses an item both required and excluded, naming both fields and the item', (must, never, names, shown) => {
    expect(() => resolveConstraints(must, never, names)).toThrow(`mustNotContain item ${shown} is also in mustContain`);
  });
});
