import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ModelbusError, validateBody } from '@modelbus/contracts';
import { MalformedBody } from './json-request.deserializer';

const PRIMITIVES: unknown[] = [String, Number, Boolean, Array, Object];

/** Validates a handler's payload against its DTO class (the parameter's declared type). */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'custom') return value;
    if (value instanceof MalformedBody) throw new ModelbusError('INVALID_ARGUMENT', value.reason);
    const cls = metadata.metatype;
    if (!cls || PRIMITIVES.includes(cls)) return value;
    return validateBody(cls as new () => object, value);
  }
}
