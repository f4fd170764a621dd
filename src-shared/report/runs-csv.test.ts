import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../experiment/run';
import { fixtureRun } from './report.testing';
import { renderRunsCsv } from './runs-csv';
import { csvTable as table } from './csv.testing';

/** A logged run as the runs service gives it: placeholder config, params and metrics. */
function loggedRun(id: number): RunDetail {
  const run = fixtureRun(id, { layers: [1, 1], epochs: 1 }, 1);
  run.name = 'my "torch", run';
  run.status = 'diverged';
  run.logged = {
    key: 'k-1',
    experiment: null,
    params: { optimizer: { name: 'adam', betas: [0.9, 0.999] }, lr: 0.001, note: '=SUM(A1)' },
    lastStep: 7,
    lastEpoch: 1,
  };
  run.metrics = [
    { key: 'loss', step: 1, epoch: 0, value: 2.5, time: 1 },
    { key: 'loss', step: 7, epoch: 1, value: Number.NaN, time: 2 },
    { key: 'loss', step: 3, epoch: 0, value: 1.25, time: 3 },
    { key: 'acc', step: 2, epoch: 0, value: Number.POSITIVE_INFINITY, time: 4 },
  ];
  return run;
}

describe('the runs table CSV', () => {
  it('writes one row per run with every config field as a dotted column and the final metrics', () => {
    const trained = fixtureRun(4, { name: 'baseline' }, 2);
    const csv = renderRunsCsv([trained]);
    const [row] = table(csv);
    expect(row.run_id).toBe('4');
    expect(row.origin).toBe('trained');
    expect(row['config.layers']).toBe('[784,30,10]');
    expect(row['config.learningRate']).toBe('3');
    expect(row['config.init.weights.kind']).toBe(String(trained.config.init.weights.kind));
    // learningEpochs(2): final test accuracy 0.1 + 0.79·(1 − 0.6²), epochs 2
    expect(Number(row['final.testAccuracy'])).toBe(0.1 + 0.79 * (1 - 0.6 ** 2));
    expect(row['final.epochs']).toBe('2');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('takes a logged run’s config as logged and the last value of each metric by step, NaN and Infinity written out', () => {
    const [row] = table(renderRunsCsv([loggedRun(7)]));
    expect(row.run_name).toBe('my "torch", run');
    expect(row.origin).toBe('logged');
    expect(row['config.optimizer.name']).toBe('adam');
    expect(row['config.optimizer.betas']).toBe('[0.9,0.999]');
    expect(row['config.note']).toBe("'=SUM(A1)");
    expect(row['final.loss']).toBe('NaN');
    expect(row['final.acc']).toBe('Infinity');
    expect(row).not.toHaveProperty('config.layers');
  });

  it('has the union of the runs’ columns and leaves a cell empty where a run has none', () => {
    const csv = renderRunsCsv([fixtureRun(4, {}, 2), loggedRun(7)]);
    const [trained, logged] = table(csv);
    expect(Object.keys(trained)).toEqual(Object.keys(logged));
    expect(trained['config.optimizer.name']).toBe('');
    expect(trained['final.loss']).toBe('');
    expect(logged['config.layers']).toBe('');
    expect(logged['final.testAccuracy']).toBe('');
    expect(csv.split('\r\n')).toHaveLength(1 + 2 + 1);
  });
});
