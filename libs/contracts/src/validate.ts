import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ModelbusError } from './errors';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into `a.data`-style paths with their messages. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    if (e.constraints) {
      // messages are written with the bare property name; qualify them with the full path
      const problems = Object.values(e.constraints).map((m) => (m.startsWith(e.property) ? field + m.slice(e.property.length) : `${field}: ${m}`));
      out.push({ field, problems });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * Turns a plain JSON body into a validated DTO instance, or throws INVALID_ARGUMENT whose message
 * names the first offending field and whose details list every problem. Unknown fields are
 * rejected so a misspelt option does not silently fall back to its default.
 */
export function validateBody<T extends object>(cls: ClassConstructor<T>, body: unknown, what = 'request'): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ModelbusError('INVALID_ARGUMENT', `${what} body must be a JSON object`);
  }
  const instance = plainToInstance(cls, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const fields = flattenValidationErrors(errors);
    const first = fields[0];
    const more = fields.length > 1 ? ` (and ${fields.length - 1} more problem${fields.length > 2 ? 's' : ''})` : '';
    throw new ModelbusError('INVALID_ARGUMENT', `invalid ${what}: ${first?.problems[0] ?? 'invalid'}${more}`, { fields });
  }
  return instance;
}
