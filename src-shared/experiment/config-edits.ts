/**
 * Setting fields of a run config by dotted path (config-paths.ts), as sweeps and `train --set` do:
 * an index must name an entry its list has, and a change to a conv layer's field
 * ("features.layers.0.filters") changes what the conv layers put out, which the stored form repeats
 * as layers[0] (the dense layers' input): it follows, as in the typed form, where no one writes it.
 */
import { featuresSchema } from './config';
import { planFeatures } from '../engine/layers/feature-stack';
import { volume } from '../engine/layers/tensor';
import { pathIndexProblem, setPath } from '../base/values';
import { ValidationError } from '../base/validation';

/** `config` with each of `fields` (path → value) set in order; throws a ValidationError naming a
 * path that indexes past its list, its message after `prefix`. */
export function withFields(
  config: Record<string, unknown>,
  fields: Record<string, unknown>,
  prefix = '',
): Record<string, unknown> {
  let raw = config;
  for (const [path, value] of Object.entries(fields)) {
    const problem = pathIndexProblem(raw, path);
    if (problem) throw new ValidationError(prefix + problem, [{ path, message: problem }]);
    raw = setPath(raw, path, value);
  }
  return followConvOutput(raw, Object.keys(fields));
}

/** layers[0] set to the conv layers' output when a features field changed and they fit (left
 * alone otherwise: the schema then names the layer that does not fit). */
function followConvOutput(
  raw: Record<string, unknown>,
  changed: string[],
): Record<string, unknown> {
  const layers = raw.layers;
  if (!changed.some((f) => f === 'features' || f.startsWith('features.'))) return raw;
  if (!Array.isArray(layers) || typeof layers[0] !== 'number') return raw;
  const features = featuresSchema.safeParse(raw.features);
  if (!features.success) return raw;
  try {
    return setPath(raw, 'layers.0', volume(planFeatures(features.data).output));
  } catch (error) {
    if (error instanceof ValidationError) return raw;
    throw error;
  }
}
