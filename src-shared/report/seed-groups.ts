/**
 * Runs that share everything but the seed are repeats of one experiment: the report shows their
 * metrics as mean ± sample standard deviation, std = √(Σ(x − mean)² / (n − 1)), so a reader sees
 * how much of a difference between settings is just seed noise.
 */
import type { RunDetail } from '../experiment/run';
import { shownConfig } from '../experiment/run-view';
import { configKeyWithoutSeed } from './config-diff';
import { finalMetricsOf, type FinalMetrics } from './metrics';

export interface MeanStdOf {
  mean: number;
  std: number;
  /** Runs that had the metric (missing values are left out). */
  n: number;
}

export interface SeedGroup {
  runIds: number[];
  seeds: number[];
  /** A short label: the first run's name without a trailing seed mention. */
  label: string;
  metrics: {
    key: keyof FinalMetrics;
    label: string;
    kind: 'percent' | 'number';
    value: MeanStdOf | null;
  }[];
}

/** Mean and sample std of the values; NaN propagates (a diverged seed shows as NaN, not hidden). */
export function meanStd(values: number[]): MeanStdOf | null {
  if (values.length === 0) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length === 1) return { mean, std: 0, n: 1 };
  const squares = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (values.length - 1)), n: values.length };
}

const groupedMetrics: { key: keyof FinalMetrics; label: string; kind: 'percent' | 'number' }[] = [
  { key: 'testAccuracy', label: 'Test accuracy', kind: 'percent' },
  { key: 'validationAccuracy', label: 'Validation accuracy', kind: 'percent' },
  { key: 'bestValidationAccuracy', label: 'Best validation accuracy', kind: 'percent' },
  { key: 'trainCost', label: 'Final training cost', kind: 'number' },
];

/** Groups of two or more runs whose configs are equal except for seed and name, in first-run order. */
export function seedGroupsOf(runs: RunDetail[]): SeedGroup[] {
  const byKey = new Map<string, RunDetail[]>();
  for (const run of runs) {
    const key = configKeyWithoutSeed(shownConfig(run));
    byKey.set(key, [...(byKey.get(key) ?? []), run]);
  }
  return [...byKey.values()].filter((group) => group.length >= 2).map(describeGroup);
}

function describeGroup(group: RunDetail[]): SeedGroup {
  const finals = group.map(finalMetricsOf);
  return {
    runIds: group.map((r) => r.id),
    seeds: group.map((r) => r.seed),
    label: group[0].name.replace(/[\s,·(-]*seed[\s=:#]*\d+\)?\s*$/i, '') || `Run ${group[0].id}`,
    metrics: groupedMetrics.map((m) => {
      const values = finals.map((f) => f[m.key]).filter((v): v is number => v !== null);
      return { ...m, value: meanStd(values) };
    }),
  };
}
