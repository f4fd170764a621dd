/**
 * Run configs as flat rows of dotted paths ("init.weights.low" → -0.5), for config diffs,
 * table columns and filters. Arrays (layers, per-layer activations, explicit values) stay one
 * leaf each: a layer list is one parameter to a reader, not three.
 */
import { sameValue } from '../base/values';

export type ConfigLeaves = Map<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every leaf of `value` under its dotted path, in the object's own key order. */
export function flattenConfig(
  value: unknown,
  prefix = '',
  into: ConfigLeaves = new Map(),
): ConfigLeaves {
  if (!isPlainObject(value)) {
    into.set(prefix || '(value)', value);
    return into;
  }
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(child)) flattenConfig(child, path, into);
    else into.set(path, child);
  }
  return into;
}

export interface ConfigDiffRow {
  path: string;
  /** One value per config, undefined where a config lacks the path. */
  values: unknown[];
  /** True when not every config has the same value here. */
  differs: boolean;
}

/**
 * One row per dotted path present in any config, in first-seen order. `exclude` drops paths
 * (the run name differs on every run and is shown in the column header instead).
 */
export function diffConfigs(
  configs: readonly unknown[],
  exclude: readonly string[] = ['name'],
): ConfigDiffRow[] {
  const leaves = configs.map((c) => flattenConfig(c));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const map of leaves) {
    for (const path of map.keys()) {
      if (!seen.has(path) && !exclude.includes(path)) {
        seen.add(path);
        paths.push(path);
      }
    }
  }
  return paths.map((path) => {
    const values = leaves.map((map) => map.get(path));
    return { path, values, differs: values.some((v) => !sameValue(v, values[0])) };
  });
}
