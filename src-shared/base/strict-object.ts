/**
 * Objects that cross a trust boundary are parsed strictly: a field the schema does not know is an
 * error naming it and the nearest known field, never silently dropped (a misspelled "momemtum"
 * would otherwise train with momentum 0).
 */
import { z } from 'zod';
import { unknownFieldMessage } from './suggest';

/** z.strictObject whose unknown-key issue says which field and what was probably meant. */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownFieldMessage(key, known)).join('; ')
        : undefined,
  });
}
