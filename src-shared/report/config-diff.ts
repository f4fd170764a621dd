/**
 * Config tables: one run's config as dotted paths, and for several runs a diff showing only the
 * paths whose values differ, plus the paths every run shares (so the reader knows what was held
 * fixed). Arrays are leaves: `layers` = [784, 30, 10] is one value, not three rows.
 */
import type { RunConfig } from '../experiment/config';

/** [dotted path, value] pairs of a config, in the config's own key order. */
export function flattenConfig(config: RunConfig | Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) out.push([path, value]);
      for (const [key, child] of entries) walk(child, path ? `${path}.${key}` : key);
    } else {
      out.push([path, value]);
    }
  };
  walk(config, '');
  return out;
}

export interface ConfigDiff {
  /** Paths whose value is not the same in every config, with one value per config (undefined = absent). */
  differing: { path: string; values: unknown[] }[];
  /** Paths with the same value in every config. */
  shared: { path: string; value: unknown }[];
}

/** Paths left out of the diff: the run name is the column header already. */
const ignoredPaths = new Set(['name']);

/** Compares configs path by path; values are equal when their JSON text is equal. */
export function diffConfigs(configs: (RunConfig | Record<string, unknown>)[]): ConfigDiff {
  const flat = configs.map((c) => new Map(flattenConfig(c)));
  const paths: string[] = [];
  for (const map of flat)
    for (const path of map.keys()) if (!paths.includes(path)) insertBesideSiblings(paths, path);
  const diff: ConfigDiff = { differing: [], shared: [] };
  for (const path of paths) {
    if (ignoredPaths.has(path)) continue;
    const values = flat.map((map) => map.get(path));
    const keys = new Set(values.map(sameKey));
    if (keys.size === 1) diff.shared.push({ path, value: values[0] });
    else diff.differing.push({ path, values });
  }
  return diff;
}

/** Inserts a path after the last path with the same parent (init.weights.low next to init.weights.kind), else at the end. */
function insertBesideSiblings(paths: string[], path: string): void {
  const parent = path.slice(0, path.lastIndexOf('.') + 1);
  let at = -1;
  if (parent) paths.forEach((p, i) => (p.startsWith(parent) ? (at = i) : undefined));
  if (at === -1) paths.push(path);
  else paths.splice(at + 1, 0, path);
}

/** A comparison key: NaN and ±Infinity spelled out so they compare equal to themselves. */
function sameKey(value: unknown): string {
  if (value === undefined) return '\u0000absent';
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

/** A config without the paths that tell seeds of one experiment apart (seed, name): the grouping key. */
export function configKeyWithoutSeed(config: RunConfig | Record<string, unknown>): string {
  const kept = flattenConfig(config).filter(([path]) => path !== 'seed' && path !== 'name');
  return kept.map(([path, value]) => `${path}=${sameKey(value)}`).join('\n');
}
