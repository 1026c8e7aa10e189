import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** A rejected value as the user wrote it: JSON for most, but Infinity and NaN (JSON would print null) by name. */
function shown(v: unknown): string {
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}

/** First index whose value is not a finite number, or -1. */
function firstNonFinite(values: unknown[]): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return i;
  }
  return -1;
}

/**
 * An array of finite numbers of at most `maxLength` elements. The message names the first bad
 * index, e.g. "data[3] must be a finite number (got null)" — or (got Infinity) for a 1e999 that JSON parsed to Infinity.
 */
export function IsFiniteArray(maxLength: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isFiniteArray',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length <= maxLength && firstNonFinite(value) < 0,
        defaultMessage: (args: ValidationArguments) => {
          const v = args.value;
          if (!Array.isArray(v)) return `${args.property} must be an array of numbers`;
          if (v.length > maxLength) return `${args.property} has ${v.length} elements, more than the limit of ${maxLength}`;
          const i = firstNonFinite(v);
          if (Array.isArray(v[i])) return `${args.property} must be a flat row-major array of numbers (element (r, c) at r * cols + c), got an array at index ${i}`;
          return `${args.property}[${i}] must be a finite number (got ${shown(v[i])})`;
        },
      },
    });
}

/** A rectangular array of arrays of finite numbers (at least one row and one column). */
export function IsFiniteRows(maxRows: number, maxElements: number, options?: ValidationOptions) {
  const problem = (value: unknown, property: string): string | null => {
    if (!Array.isArray(value) || value.length === 0) return `${property} must be a non-empty array of rows`;
    if (value.length > maxRows) return `${property} has ${value.length} rows, more than the limit of ${maxRows}`;
    const width = Array.isArray(value[0]) ? value[0].length : -1;
    if (width <= 0) return `${property}[0] must be a non-empty array of numbers`;
    if (value.length * width > maxElements) return `${property} has ${value.length * width} elements, more than the limit of ${maxElements}`;
    for (let r = 0; r < value.length; r++) {
      const row = value[r];
      if (!Array.isArray(row)) return `${property}[${r}] must be an array of numbers`;
      if (row.length !== width) return `${property}[${r}] has ${row.length} values but row 0 has ${width} (ragged rows)`;
      const c = firstNonFinite(row);
      if (c >= 0) return `${property}[${r}][${c}] must be a finite number (got ${shown(row[c])})`;
    }
    return null;
  };
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isFiniteRows',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problem(value, args.property) === null,
        defaultMessage: (args: ValidationArguments) => problem(args.value, args.property) ?? '',
      },
    });
}

/**
 * `data.length` must equal `rows * cols` of the same object (a matrix that is not ragged), and the
 * shape may hold at most `maxElements` elements.
 */
export function MatchesShape(maxElements: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'matchesShape',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const o = args.object as { rows?: unknown; cols?: unknown };
          if (!Array.isArray(value) || typeof o.rows !== 'number' || typeof o.cols !== 'number') return true; // reported by other rules
          if (value.some(Array.isArray)) return true; // nested rows: IsFiniteArray says the data must be flat
          return o.rows * o.cols <= maxElements && value.length === o.rows * o.cols;
        },
        defaultMessage: (args: ValidationArguments) => {
          const o = args.object as { rows: number; cols: number };
          if (o.rows * o.cols > maxElements) {
            return `${args.property} would hold rows*cols = ${o.rows * o.cols} elements, more than the limit of ${maxElements} for a request: submit larger work as a job on a dataset`;
          }
          return `${args.property} has ${(args.value as unknown[]).length} values, expected rows*cols = ${o.rows}*${o.cols} = ${o.rows * o.cols}`;
        },
      },
    });
}

/** Fails when the other property is also set (exactly-one-of pairs such as series/dataset). */
export function NotWith(other: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'notWith',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (_v: unknown, a: ValidationArguments) => (a.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: (a: ValidationArguments) => `${a.property}: give either ${other} or ${a.property}, not both`,
      },
    });
}

/** Fails when set while the other property is not one of `values` (an option that only one mode reads). */
export function OnlyWith(other: string, values: readonly unknown[], options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'onlyWith',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown, a: ValidationArguments) => v === undefined || values.includes((a.object as Record<string, unknown>)[other]),
        defaultMessage: (a: ValidationArguments) => `${a.property} applies only with ${other} ${values.join(' or ')}, not ${String((a.object as Record<string, unknown>)[other] ?? 'unset')}`,
      },
    });
}
