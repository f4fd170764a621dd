/**
 * Which dotted paths name a field of the run config ("learningRate", "init.weights.low"): sweep
 * grids and random fields are keyed by them, and a misspelled key must be refused with the nearest
 * known field instead of becoming a field the strict config schema then rejects run by run.
 */
import type { z } from 'zod';
import { unknownFieldMessage } from '../base/suggest';
import { runConfigSchema } from './config';

interface SchemaDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  options?: z.core.$ZodType[];
}

const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as SchemaDef;

/** The schema under defaults, optionals, nullables and pipes (a pipe into a transform is read
 * by its input; one out of a transform, as the run config's typed layers, by its output). */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let def = defOf(schema);
  while (def.innerType || (def.type === 'pipe' && def.in)) {
    schema = def.innerType ?? (def.out && defOf(def.out).type !== 'transform' ? def.out : def.in!);
    def = defOf(schema);
  }
  return schema;
}

/** The fields an object schema knows; for a union of objects (an init of any kind) all of its
 * options' fields; null when the value is no object. */
function fieldsOf(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | null {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' && def.shape) return def.shape;
  if (def.type !== 'union' || !def.options) return null;
  const merged = def.options.map(fieldsOf).filter((f) => f !== null);
  return merged.length ? Object.assign({}, ...merged) : null;
}

/** Why `path` names no field of the run config, or null when it does. */
export function configPathProblem(path: string): string | null {
  let schema: z.core.$ZodType = runConfigSchema;
  const keys = path.split('.');
  for (const [i, key] of keys.entries()) {
    const fields = fieldsOf(schema);
    const parent = keys.slice(0, i).join('.');
    if (!fields) return `"${parent}" holds no fields, so "${path}" is no config path`;
    if (!Object.hasOwn(fields, key))
      return unknownFieldMessage(key, Object.keys(fields), parent || 'the run config');
    schema = fields[key];
  }
  return null;
}
