/**
 * A conv net's epoch records carry their conv layers' statistics (EpochRecord.convLayers) through
 * everything that keeps or carries a record: the store, a run bundle's text, and the strict
 * record schema a Redis entry is parsed with. Records without them (dense runs, older records)
 * stay valid.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore, type Store } from './store';
import { tempDir } from './store.testing';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import { createSession } from '../../../src-shared/engine/reference-session';
import { inlineData } from '../../../src-shared/experiment/config.testing';
import { fixtureRun } from '../../../src-shared/report/report.testing';
import { buildBundle, encodeBundle, parseBundle } from '../../../src-shared/report/bundle';
import { epochRecordSchema, recordShapeProblem } from '../../../src-shared/base/record-schema';
import { Rng } from '../../../src-shared/engine/rng';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import type { RunDetail } from '../../../src-shared/contract/types';

/** A 6×6 conv net (2 sigmoid filters of 3×3, pool 2, 2 softmax outputs) trained 2 epochs. */
function trainedConvRun(): RunDetail & { weights: WeightsJson } {
  const run = fixtureRun(
    1,
    {
      layers: [
        { type: 'input', shape: [6, 6, 1] },
        { type: 'conv2d', filters: 2, kernel: 3, activation: 'sigmoid' },
        { type: 'maxpool', size: 2 },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
      cost: 'log-likelihood',
      learningRate: 0.5,
      batchSize: 4,
      probeSize: 8,
    } as unknown as Parameters<typeof fixtureRun>[1],
    2,
  );
  const rng = new Rng(5);
  const inputs = Array.from({ length: 24 }, () => Array.from({ length: 36 }, () => rng.next()));
  const targets = inputs.map((_, i) => (i % 2 ? [0, 1] : [1, 0]));
  const data = inlineData(inputs, targets, { validationSize: 8, testSize: 4 });
  const session = createSession(run.config, data, { now: () => 0 });
  const epochs = [session.measure()];
  while (!session.finished) epochs.push(session.trainEpoch());
  return { ...run, epochs, weights: session.weights() };
}

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = openStore(join(tmp.dir, 'test.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('conv layer statistics in epoch records', () => {
  const run = trainedConvRun();

  it('are measured for every epoch of a conv net, one entry per conv layer', () => {
    expect(run.epochs).toHaveLength(3);
    for (const record of run.epochs) expect(record.convLayers?.map((c) => c.conv)).toEqual([1]);
  });

  it('come back from the store as they went in', () => {
    const id = store.runs.insert({
      experimentId: null,
      name: 'conv',
      config: run.config,
      engineVersion: ENGINE_VERSION,
    });
    for (const record of run.epochs)
      store.recordEpoch({ runId: id, record, checkpoint: new Uint8Array([record.epoch]) });
    expect(store.epochs.list(id)).toEqual(run.epochs);
  });

  it('survive a bundle export and import', () => {
    const bundle = buildBundle({
      runs: [run],
      weights: {},
      experimentNames: {},
      exportedAt: '2026-12-06T10:00:00.000Z',
      engineVersion: '0.1.0',
    });
    const back = parseBundle(encodeBundle(bundle));
    expect(back.runs[0].epochs).toEqual(run.epochs);
    expect(back.runs[0].epochs[1].convLayers?.[0].activationHistogram.counts.length).toBe(30);
  });

  it('survive a bundle export and import with the final weights, conv filters included', () => {
    expect(run.weights.features?.weights[0]).toHaveLength(2 * 3 * 3);
    const bundle = buildBundle({
      runs: [run],
      weights: { [run.id]: run.weights },
      experimentNames: {},
      exportedAt: '2026-12-06T10:00:00.000Z',
      engineVersion: '0.1.0',
    });
    const back = parseBundle(encodeBundle(bundle));
    expect(back.runs[0].weights).toEqual(run.weights);
  });

  it('refuse a bundle whose conv weights are not the run’s, naming the field', () => {
    const [w] = run.weights.features!.weights;
    const features = { ...run.weights.features!, weights: [w.slice(1)] };
    const bundle = buildBundle({
      runs: [run],
      weights: { [run.id]: { ...run.weights, features } },
      experimentNames: {},
      exportedAt: '2026-12-06T10:00:00.000Z',
      engineVersion: '0.1.0',
    });
    expect(() => parseBundle(encodeBundle(bundle))).toThrow(
      'bundle.runs[0].weights: run "run 1": weights.features.weights[0] has 17 values, expected 18',
    );
  });

  it('parse strictly: a record with them or without them passes, an unknown field is named', () => {
    const record = run.epochs[1];
    expect(epochRecordSchema.safeParse(record).success).toBe(true);
    const { convLayers: _dropped, ...old } = record;
    expect(epochRecordSchema.safeParse(old).success).toBe(true);
    const bad = { ...record, convLayers: [{ ...record.convLayers![0], filters: 2 }] };
    const result = epochRecordSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('filters');
  });

  it('must be one per conv layer, numbered in order', () => {
    const record = run.epochs[1];
    const stats = record.convLayers![0];
    const sizes = run.config.layers;
    expect(recordShapeProblem(record, sizes, 1)).toBeNull();
    expect(recordShapeProblem(record, sizes, 2)).toMatch(/convLayers has 1 entries, expected 2/);
    const renumbered: EpochRecord = { ...record, convLayers: [{ ...stats, conv: 2 }] };
    expect(recordShapeProblem(renumbered, sizes, 1)).toMatch(/convLayers\[0\]\.conv is 2/);
    const { convLayers: _dropped, ...old } = record;
    expect(recordShapeProblem(old, sizes, 1)).toBeNull();
  });
});
