/**
 * Test doubles for store and model tests: runs built from a partial config, and an in-memory
 * implementation of the parts of `Services` the stores call, recording every call.
 */
import type { Disposable, Services } from '../../../src-shared/contract/services';
import type { RunCurve, RunSummary } from '../../../src-shared/contract/types';
import { runConfigSchema, type RunConfigInput } from '../../../src-shared/experiment/config';

const baseConfig: RunConfigInput = {
  layers: [784, 30, 10],
  learningRate: 3,
  batchSize: 10,
  epochs: 3,
};

export function makeRun(
  id: number,
  over: Partial<RunSummary> = {},
  config: Partial<RunConfigInput> = {},
): RunSummary {
  return {
    id,
    name: `run ${id}`,
    status: 'completed',
    experimentId: null,
    config: runConfigSchema.parse({ ...baseConfig, name: `run ${id}`, ...config }),
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, id)).toISOString(),
    startedAt: null,
    finishedAt: null,
    priority: 0,
    seed: 1,
    tags: [],
    notes: '',
    starred: false,
    error: null,
    attempts: 0,
    host: null,
    engineVersion: 'test',
    final: null,
    progress: null,
    ...over,
  };
}

export function makeCurve(runId: number, validationAccuracy: (number | null)[]): RunCurve {
  const n = validationAccuracy.length;
  return {
    runId,
    epoch: Array.from({ length: n }, (_, i) => i),
    trainCost: validationAccuracy.map((a) => 1 - (a ?? 0)),
    validationCost: validationAccuracy.map(() => null),
    validationAccuracy,
    testCost: validationAccuracy.map(() => null),
    testAccuracy: validationAccuracy.map(() => null),
  };
}

type Listener = (e: never) => void;

/** An event source the test can fire: `emit('onDidChangeRun', run)`. */
export class FakeEvents {
  private listeners = new Map<string, Set<Listener>>();

  event(name: string) {
    return (listener: Listener): Disposable => {
      const set = this.listeners.get(name) ?? new Set();
      set.add(listener);
      this.listeners.set(name, set);
      return { dispose: () => set.delete(listener) };
    };
  }

  emit(name: string, payload: unknown): void {
    this.listeners.get(name)?.forEach((fn) => fn(payload as never));
  }

  count(name: string): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}

/** A deep partial of Services: the test fills in what the code under test calls. */
export type FakeServices = { [S in keyof Services]: Partial<Services[S]> };

export function emptyServices(events: FakeEvents): FakeServices {
  return {
    runs: {},
    queue: {
      onDidChangeRun: events.event('onDidChangeRun'),
      onDidProgress: events.event('onDidProgress'),
      onDidAppendEpoch: events.event('onDidAppendEpoch'),
    },
    datasets: {},
    doctor: {},
    reports: {},
    settings: {},
    tracking: {},
  };
}
