/**
 * Objects that cross a trust boundary are parsed strictly: a field the schema does not know is an
 * error naming it and the nearest known field, never silently dropped (a misspelled "momemtum"
 * would otherwise train with momentum 0).
 */
import { z } from 'zod';
import { unknownFieldMessage } from './suggest';

/** Between the messages of several unknown keys in one issue (splitUnknownKeys parts them). */
const PER_KEY = '\n';

/** z.strictObject whose unknown-key issue says which field and what was probably meant. */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownFieldMessage(key, known)).join(PER_KEY)
        : undefined,
  });
}

/** One {path, message} per unknown key of an issue strictObject raised, each under the key's own
 * path ("init.weights.lowe"), so every message lands on its field. */
export function splitUnknownKeys(
  path: readonly PropertyKey[],
  keys: readonly string[],
  message: string,
): { path: PropertyKey[]; message: string }[] {
  const messages = message.split(PER_KEY);
  return keys.map((key, i) => ({
    path: [...path, key],
    message: messages.length === keys.length ? messages[i] : message,
  }));
}
