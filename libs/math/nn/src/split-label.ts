import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import type { NumericTable } from './csv';

/** Features and target of a table: x holds every column but the label, in header order. */
export interface LabelledData {
  x: Matrix;
  y: Float64Array;
  featureNames: string[];
}

/** Splits the column named `labelColumn` off a parsed table as the target vector. */
export function splitLabel(table: NumericTable, labelColumn: string): LabelledData {
  const k = table.header.indexOf(labelColumn);
  if (k < 0) throw new InvalidArgumentError('labelColumn', `'${labelColumn}' not found; columns are ${table.header.join(', ')}`);
  const { rows, cols, data } = table;
  const p = cols - 1;
  const x = new Float64Array(rows * p);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const src = i * cols;
    const dst = i * p;
    for (let j = 0; j < k; j++) x[dst + j] = data[src + j];
    for (let j = k + 1; j < cols; j++) x[dst + j - 1] = data[src + j];
    y[i] = data[src + k];
  }
  return { x: { rows, cols: p, data: x }, y, featureNames: table.header.filter((_, j) => j !== k) };
}
