/**
 * Which dotted paths name a field of the run config ("learningRate", "init.weights.low", and into
 * lists by index: "layers.1" for the first hidden layer's size, "features.layers.0.filters" for the
 * first conv layer's filters): sweep grids, random fields and `train --set` are keyed by them, and a
 * misspelled key must be refused with the nearest known field instead of becoming a field the
 * strict config schema then rejects run by run. Whether an index is within its list depends on the
 * config it is applied to (base/values.ts pathIndexProblem).
 */
import type { z } from 'zod';
import { unknownFieldMessage } from '../base/suggest';
import { runConfigSchema } from './config';

interface SchemaDef {
  type: string;
  element?: z.core.$ZodType;
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

/** The entries' schema of a list (of any of a union's lists), or null when the value is no list. */
function elementOf(schema: z.core.$ZodType): z.core.$ZodType | null {
  const def = defOf(unwrap(schema));
  if (def.type === 'array' && def.element) return def.element;
  if (def.type !== 'union' || !def.options) return null;
  return def.options.map(elementOf).find((e) => e !== null) ?? null;
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/** Why `path` names no field of the run config, or null when it does. */
export function configPathProblem(path: string): string | null {
  let schema: z.core.$ZodType = runConfigSchema;
  const keys = path.split('.');
  for (const [i, key] of keys.entries()) {
    const parent = keys.slice(0, i).join('.');
    if (INDEX.test(key)) {
      const element = i > 0 ? elementOf(schema) : null;
      if (!element) return `"${parent || key}" is no list, so "${path}" cannot index it`;
      schema = element;
      continue;
    }
    const fields = fieldsOf(schema);
    if (!fields) return `"${parent}" holds no fields, so "${path}" is no config path`;
    if (!Object.hasOwn(fields, key))
      return unknownFieldMessage(key, Object.keys(fields), parent || 'the run config');
    schema = fields[key];
  }
  return null;
}
