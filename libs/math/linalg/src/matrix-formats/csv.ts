import { InvalidArgumentError } from '../errors';
import type { Matrix } from '../matrix';

export interface CsvMatrixOptions {
  /** First line holds column names (default: detected — a first line with no number is a header, one with only numbers data, a mix is refused). */
  header?: boolean;
}

/**
 * Dense matrix from CSV text: one row per line, values separated by commas, optional spaces around
 * them, "\n" or "\r\n" line ends; blank lines are skipped. Every row must have the same number of
 * fields and every field must be a finite number (JavaScript number syntax: 1, -2.5, 3e-4).
 * Errors name the 1-based line and field.
 */
export function parseCsvMatrix(bytes: Uint8Array | string, field = 'csv', options: CsvMatrixOptions = {}): Matrix & { columnNames?: string[] } {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  let values = new Float64Array(1024);
  let count = 0;
  let cols = -1;
  let rows = 0;
  let columnNames: string[] | undefined;
  let first = true;
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    line++;
    if (raw.trim() === '') continue;
    const fields = raw.split(',');
    if (first) {
      first = false;
      const isHeader = options.header ?? detectHeader(fields, line, field);
      if (isHeader) {
        columnNames = fields.map((f) => f.trim());
        cols = fields.length;
        continue;
      }
    }
    if (cols < 0) cols = fields.length;
    else if (fields.length !== cols) {
      throw new InvalidArgumentError(field, `is ragged: line ${line} has ${fields.length} fields, expected ${cols} (as on the first ${columnNames ? 'header ' : ''}line)`);
    }
    if (count + cols > values.length) {
      const grown = new Float64Array(Math.max(values.length * 2, count + cols));
      grown.set(values.subarray(0, count));
      values = grown;
    }
    for (let j = 0; j < cols; j++) {
      const f = fields[j];
      const v = isNumberField(f) ? Number(f) : NaN;
      if (!Number.isFinite(v)) throw new InvalidArgumentError(field, `line ${line} field ${j + 1}: "${f.trim().slice(0, 40)}" is not a finite number${fieldHint(f)}`);
      values[count++] = v;
    }
    rows++;
  }
  if (cols < 0) cols = 0;
  return { rows, cols, data: values.slice(0, count), ...(columnNames ? { columnNames } : {}) };
}

/**
 * A first line of text only is a header, of numbers only is data; a mix is refused rather than guessed
 * (taking "1,abc,3" for a header would silently drop a data row with a typo).
 */
function detectHeader(fields: string[], line: number, field: string): boolean {
  const text = fields.findIndex((f) => !isNumberField(f));
  if (text < 0) return false;
  if (fields.every((f) => !isNumberField(f))) return true;
  throw new InvalidArgumentError(field, `line ${line} mixes numbers and text (field ${text + 1}: "${fields[text].trim().slice(0, 40)}"): give header: true if it is a header line, or fix the value`);
}

/** A field that is a quoted number, or several numbers joined by another separator (a European or TSV export): say so. */
function fieldHint(f: string): string {
  const quoted = /^\s*"(.*)"\s*$/.exec(f);
  if (quoted && isNumberField(quoted[1])) return ' — write numbers without quotes';
  for (const [sep, name] of [[';', 'semicolons'], ['\t', 'tabs'], [' ', 'spaces']] as const) {
    const parts = f.trim().split(sep).filter((p) => p.trim() !== '');
    if (parts.length > 1 && parts.every(isNumberField)) return ` — CSV fields are separated by commas; this line looks separated by ${name}`;
  }
  return '';
}

/** Number('') is 0 and Number(' 0x1f') is 31: accept only decimal/exponent syntax (and Infinity/NaN words, rejected later as non-finite). */
function isNumberField(f: string): boolean {
  const t = f.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || /^[+-]?(inf|infinity|nan)$/i.test(t);
}
