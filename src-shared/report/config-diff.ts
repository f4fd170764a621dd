/**
 * The report's config section: for several runs only the paths whose values differ (one value per
 * run), plus the paths every run shares, so the reader knows what was held fixed. Flattening and
 * comparison come from experiment/flatten.ts (the same rows the compare view shows); here they are
 * split and ordered so a path only some runs have (init.weights.low) sits beside its siblings.
 */
import type { RunConfig } from '../experiment/config';
import { diffConfigs as diffRows, flattenConfig, type ConfigDiffRow } from '../experiment/flatten';

export interface ConfigDiff {
  /** Paths whose value is not the same in every config, with one value per config (undefined = absent). */
  differing: { path: string; values: unknown[] }[];
  /** Paths with the same value in every config. */
  shared: { path: string; value: unknown }[];
}

/** Splits the rows into differing and shared; the run name is left out (it heads each column). */
export function diffConfigs(configs: (RunConfig | Record<string, unknown>)[]): ConfigDiff {
  const diff: ConfigDiff = { differing: [], shared: [] };
  for (const row of siblingOrder(diffRows(configs, ['name']))) {
    if (row.differs) diff.differing.push({ path: row.path, values: row.values });
    else diff.shared.push({ path: row.path, value: row.values[0] });
  }
  return diff;
}

/** Moves each row right after the last earlier row with the same parent path, keeping the rest in order. */
function siblingOrder(rows: ConfigDiffRow[]): ConfigDiffRow[] {
  const out: ConfigDiffRow[] = [];
  for (const row of rows) {
    const parent = row.path.slice(0, row.path.lastIndexOf('.') + 1);
    const at = parent ? out.findLastIndex((r) => r.path.startsWith(parent)) : -1;
    out.splice(at === -1 ? out.length : at + 1, 0, row);
  }
  return out;
}

/** A config without the paths that tell seeds of one experiment apart (seed, name): the grouping key. */
export function configKeyWithoutSeed(config: RunConfig | Record<string, unknown>): string {
  const kept = [...flattenConfig(config)].filter(([path]) => path !== 'seed' && path !== 'name');
  return JSON.stringify(kept);
}
