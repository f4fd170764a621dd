/** A logged run as the store gives it back: placeholder config, params and metrics as logged. */
import type { LoggedMetric, RunDetail } from './run';
import { runConfigSchema } from './config';

/** The placeholder network the tracking service stores for every logged run (a run's `config`
 * column must hold a RunConfig): what no view may show. */
export const placeholderLayers = [1, 1];

export function loggedRun(
  id: number,
  params: Record<string, unknown>,
  metrics: Omit<LoggedMetric, 'time'>[] = [],
): RunDetail {
  const name = `logged ${id}`;
  const steps = metrics.map((m) => m.step);
  const epochs = metrics.flatMap((m) => (m.epoch === null ? [] : [m.epoch]));
  return {
    id,
    name,
    status: 'completed',
    experimentId: null,
    config: runConfigSchema.parse({
      name,
      layers: placeholderLayers,
      learningRate: 1,
      batchSize: 1,
      epochs: 1,
    }),
    createdAt: '2025-03-04T12:00:00.000Z',
    startedAt: '2025-03-04T12:00:01.000Z',
    finishedAt: '2025-03-04T12:01:00.000Z',
    priority: 0,
    seed: 0,
    tags: [],
    notes: '',
    starred: false,
    error: null,
    attempts: 0,
    host: null,
    engineVersion: 'logged',
    final: null,
    progress: null,
    logged: {
      key: `key-${id}-0000`,
      experiment: null,
      params,
      lastStep: steps.length ? Math.max(...steps) : null,
      lastEpoch: epochs.length ? Math.max(...epochs) : null,
    },
    epochs: [],
    findings: [],
    metrics: metrics.map((m) => ({ ...m, time: 1 })),
  };
}
