/** Queueing runs and sweeps: validation before anything is written (no trainer is started). */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AppCore } from '../app';
import { useTestCore } from '../app.testing';
import type { SweepSpecInput } from '../../../src-shared/experiment/sweep';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { presets } from '../../../src-shared/experiment/presets';

/** The founding network of the project (784-15-10, sigmoid, quadratic cost, η = 0.5, batch 1),
 * from the stuck-network preset without its initialization (the sweep varies it). */
const { init: _init, ...stuck } = presets.find((p) => p.id === 'stuck-network')!.config;
const founding: RunConfigInput = { ...stuck, epochs: 1 };

/** The sweep from issue 5: init in {U[0,1), U[-0.5,0.5), N(0,1), N(0,1/√n_in)} × 3 seeds. */
const initSweep: SweepSpecInput = {
  name: 'init sweep',
  base: founding,
  grid: {
    init: [
      {
        weights: { kind: 'uniform', low: 0, high: 1 },
        biases: { kind: 'uniform', low: 0, high: 1 },
      },
      {
        weights: { kind: 'uniform', low: -0.5, high: 0.5 },
        biases: { kind: 'uniform', low: -0.5, high: 0.5 },
      },
      { weights: { kind: 'normal', mean: 0, std: 1 }, biases: { kind: 'normal', mean: 0, std: 1 } },
      { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
    ],
  },
  seeds: [1, 2, 3],
};

let core: AppCore;
let tmpDir: string;
useTestCore('backprop-services-', (opened) => ({ core, dir: tmpDir } = opened));

const nothingWritten = () => {
  expect(core.store.runs.list()).toEqual([]);
  expect(core.store.experiments.list()).toEqual([]);
};

describe('queue service', () => {
  it('expands the init sweep of the founding network into 12 queued runs under one experiment', async () => {
    expect(await core.services.queue.previewSweep(initSweep)).toEqual({ count: 12 });
    const runs = await core.services.queue.enqueueSweep(initSweep);
    expect(runs).toHaveLength(12);
    expect(runs.every((r) => r.status === 'queued')).toBe(true);
    expect(runs.map((r) => r.seed)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(runs.map((r) => r.config.init.weights.kind)).toEqual(
      ['uniform', 'uniform', 'normal', 'scaled-normal'].flatMap((k) => [k, k, k]),
    );
    const [experiment] = await core.services.runs.experiments();
    expect(experiment).toMatchObject({
      name: 'init sweep',
      kind: 'sweep',
      runIds: runs.map((r) => r.id),
    });
    expect(core.store.runs.queuedIds()).toEqual(runs.map((r) => r.id));
  });

  it('rejects a sweep with a bad value, naming the run and field, before anything is queued', async () => {
    const bad = { ...initSweep, grid: { ...initSweep.grid, learningRate: [0.5, 0] } };
    await expect(core.services.queue.enqueueSweep(bad)).rejects.toThrow(
      /sweep run 4\.learningRate: learningRate must be > 0/,
    );
    nothingWritten();
  });

  it('rejects a sweep whose layers do not fit the dataset before anything is queued', async () => {
    const bad = { ...initSweep, base: { ...founding, layers: [785, 15, 10] } };
    await expect(core.services.queue.enqueueSweep(bad)).rejects.toThrow(/layers\[0\]: must be 784/);
    nothingWritten();
  });

  it('rejects a run config with a bad field, layers that do not fit, or a dataset that cannot load', async () => {
    await expect(core.services.queue.enqueue({ ...founding, batchSize: 0 })).rejects.toThrow(
      /config\.batchSize/,
    );
    await expect(
      core.services.queue.enqueue({ ...founding, layers: [784, 15, 9] }),
    ).rejects.toThrow(/layers\[2\]: must be 10, the output size/);
    await expect(
      core.services.queue.enqueue({
        ...founding,
        dataset: { kind: 'idx', dir: join(tmpDir, 'nowhere') },
      }),
    ).rejects.toThrow(/dataset/);
    nothingWritten();
  });

  it('queues a valid run under its own experiment, and moves, pauses, resumes and cancels it while it waits', async () => {
    const a = await core.services.queue.enqueue({ ...founding, name: 'a' });
    const b = await core.services.queue.enqueue({ ...founding, name: 'b' });
    expect(a).toMatchObject({ status: 'queued', name: 'a', progress: null });
    await core.services.queue.move(b.id, a.id);
    expect(core.store.runs.queuedIds()).toEqual([b.id, a.id]);
    expect((await core.services.queue.state()).queuedIds).toEqual([b.id, a.id]);
    await core.services.queue.pauseRun(a.id);
    expect(core.store.runs.queuedIds()).toEqual([b.id]);
    await core.services.queue.resumeRun(a.id);
    await core.services.queue.cancel(b.id);
    expect((await core.services.runs.get(b.id)).status).toBe('cancelled');
    await expect(core.services.queue.pauseRun(b.id)).rejects.toThrow(
      /Run \d+ is cancelled; only queued, running runs can be paused/,
    );
    expect(core.store.runs.queuedIds()).toEqual([a.id]);
  });

  it('keeps settings with their defaults and reports the queue state', async () => {
    const defaults = await core.services.settings.get();
    expect(defaults).toMatchObject({ theme: 'system', resumeInterrupted: true });
    expect(defaults.concurrency).toBe((await core.services.queue.state()).cores);
    await core.services.settings.update({ concurrency: 1, theme: 'dark' });
    expect(await core.services.settings.get()).toMatchObject({ concurrency: 1, theme: 'dark' });
    expect(await core.services.queue.state()).toMatchObject({ concurrency: 1, paused: false });
    expect((await core.services.settings.info()).host).toBe('cli');
  });
});
