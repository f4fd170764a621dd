/**
 * An ImportedRun as logging-API calls: a key the schema accepts and that depends only on the
 * run's identity in its source, values batched within the call limit in source order, tags that
 * fit and notes for the rest, the source's status and times.
 */
import { describe, expect, it } from 'vitest';
import { runKey, trackingLogSchema } from '../../src-shared/contract/tracking-schemas';
import type { ImportedRun } from '../../src-shared/import/imported-run';
import {
  VALUES_PER_LOG_CALL,
  checkTrackingCalls,
  importedRunKey,
  trackingCallsOf,
} from './tracking-calls';

function run(fields: Partial<ImportedRun> = {}): ImportedRun {
  return {
    source: 'mlflow',
    name: 'first',
    experiment: 'mnist',
    params: { eta: '3.0' },
    tags: {},
    status: 'finished',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_009_000,
    metrics: [],
    origin: '/data/mlruns/3/abc',
    sourceId: '3/abc',
    ...fields,
  };
}

describe('importedRunKey', () => {
  it('is a valid run key, the same for the same source run and different for another', () => {
    const key = importedRunKey(run());
    expect(runKey.safeParse(key).success).toBe(true);
    expect(key).toMatch(/^mlflow-[0-9a-f]{40}$/);
    expect(importedRunKey(run({ origin: '/elsewhere/3/abc' }))).toBe(key);
    expect(importedRunKey(run({ sourceId: '3/abd' }))).not.toBe(key);
    expect(importedRunKey(run({ source: 'tensorboard' }))).not.toBe(key);
  });
});

describe('trackingCallsOf', () => {
  it('puts values of one step and time in one point, in source order, within the call limit', () => {
    const n = VALUES_PER_LOG_CALL + 5;
    const metrics = Array.from({ length: n }, (_, i) => ({
      key: i % 2 ? 'acc' : 'loss',
      step: Math.floor(i / 2),
      wallTime: 1_700_000_000 + Math.floor(i / 2),
      value: i === 1 ? Number.NaN : i / 4,
    }));
    const batches = [...trackingCallsOf(run({ metrics })).batches()];
    expect(batches.map((b) => b.points.length)).toEqual([VALUES_PER_LOG_CALL / 2, 3]);
    expect(batches[0].points[0]).toEqual({
      step: 0,
      time: 1_700_000_000,
      values: { loss: 0, acc: Number.NaN },
    });
    const flat = batches.flatMap((b) =>
      b.points.flatMap((p) => Object.entries(p.values).map(([k, v]) => [k, p.step, v])),
    );
    expect(flat).toEqual(metrics.map((m) => [m.key, m.step, m.value]));
    for (const b of batches) expect(trackingLogSchema.safeParse(b).success).toBe(true);
  });

  it('keeps a value logged twice at one step in a point of its own, so the last one wins', () => {
    const metrics = [
      { key: 'loss', step: 3, wallTime: 5, value: 1 },
      { key: 'loss', step: 3, wallTime: 5, value: 2 },
    ];
    const [batch] = [...trackingCallsOf(run({ metrics })).batches()];
    expect(batch.points.map((p) => p.values)).toEqual([{ loss: 1 }, { loss: 2 }]);
  });

  it('names the run, its experiment, params as config, tags that fit and notes for the rest', () => {
    const long = 'x'.repeat(60);
    const calls = trackingCallsOf(
      run({
        tags: { team: 'vision', flag: '', long, 'mlflow.user': 'ann', 'mlflow.note.content': 'hi' },
      }),
    );
    expect(calls.create).toMatchObject({
      name: 'first',
      experiment: 'mnist',
      config: { eta: '3.0' },
      tags: ['mlflow', 'team=vision', 'flag'],
      time: 1_700_000_000,
    });
    expect(calls.create.notes).toBe(
      `Imported from MLflow run 3/abc (/data/mlruns/3/abc).\n\nhi\n\nTags:\nlong: ${long}\nmlflow.user: ann`,
    );
  });

  it('maps the status and end time; a running run stays running, TensorBoard ends at its last value', () => {
    const key = importedRunKey(run());
    expect(trackingCallsOf(run()).end).toEqual({
      finish: { run: key, status: 'completed', time: 1_700_000_009 },
    });
    expect(trackingCallsOf(run({ status: 'killed', endTime: undefined })).end).toEqual({
      finish: { run: key, status: 'cancelled' },
    });
    expect(trackingCallsOf(run({ status: 'running' })).end).toEqual({ running: true });
    const tb = run({
      source: 'tensorboard',
      status: undefined,
      endTime: undefined,
      metrics: [
        { key: 'a', step: 0, wallTime: 12.5, value: 1 },
        { key: 'a', step: 1, wallTime: 11, value: 1 },
      ],
    });
    expect(trackingCallsOf(tb).end).toMatchObject({ finish: { status: 'completed', time: 12.5 } });
  });
});

describe('checkTrackingCalls', () => {
  it('refuses a metric name the logging API cannot hold, naming the metric file', () => {
    const name = 'n'.repeat(251);
    const bad = run({ metrics: [{ key: name, step: 0, wallTime: 1, value: 0 }] });
    expect(() => checkTrackingCalls(bad, trackingCallsOf(bad))).toThrow(
      `/data/mlruns/3/abc/metrics/${name}: "${name}" at step 0 cannot be logged: a metric name must be at most 250 characters`,
    );
  });

  it('passes a run it can hold', () => {
    const good = run({ metrics: [{ key: 'loss', step: 0, wallTime: 1, value: Number.NaN }] });
    expect(() => checkTrackingCalls(good, trackingCallsOf(good))).not.toThrow();
  });
});
