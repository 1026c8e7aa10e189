import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@modelbus/math-linalg';
import { parseNumericCsv } from './csv';
import { splitLabel } from './split-label';

describe('splitLabel', () => {
  const table = parseNumericCsv(new TextEncoder().encode('a,label,b\n1,0,2\n3,1,4\n'));

  it('takes the label out of any column position', () => {
    const { x, y, featureNames } = splitLabel(table, 'label');
    expect(featureNames).toEqual(['a', 'b']);
    expect([x.rows, x.cols]).toEqual([2, 2]);
    expect([...x.data]).toEqual([1, 2, 3, 4]);
    expect([...y]).toEqual([0, 1]);
    expect([...splitLabel(table, 'b').y]).toEqual([2, 4]);
  });

  it('names the available columns when the label is unknown', () => {
    expect(() => splitLabel(table, 'target')).toThrow(InvalidArgumentError);
    try {
      splitLabel(table, 'target');
    } catch (e) {
      expect((e as InvalidArgumentError).field).toBe('labelColumn');
      expect((e as Error).message).toMatch(/not found; columns are a, label, b/);
    }
  });
});
