import { describe, expect, it } from 'vitest';
import {
  bestAndLast,
  groupRuns,
  groupSeries,
  metricsSeries,
  missingNote,
  pointsOf,
} from './compareModel';
import { compareMetrics } from './metrics';
import { loggedRun } from '../../../src-shared/experiment/run-view.testing';
import { makeCurve, makeRun } from '../api/fakes.testing';

const runs = [
  makeRun(1, { name: 'lr · seed 1' }, { learningRate: 0.5, seed: 1 }),
  makeRun(2, { name: 'lr · seed 2' }, { learningRate: 0.5, seed: 2 }),
  makeRun(3, { name: 'fast' }, { learningRate: 3, seed: 1 }),
];

describe('groupRuns', () => {
  it('puts each run in its own group without grouping', () => {
    expect(groupRuns(runs, { kind: 'none' }).map((g) => g.runIds)).toEqual([[1], [2], [3]]);
  });

  it('groups runs that differ only by seed', () => {
    const groups = groupRuns(runs, { kind: 'seeds' });
    expect(groups.map((g) => g.runIds)).toEqual([[1, 2], [3]]);
    expect(groups[0].label).toBe('lr (2 runs)');
  });

  it('groups by a dotted config path and names the value', () => {
    const groups = groupRuns(runs, { kind: 'path', path: 'seed' });
    expect(groups.map((g) => [g.label, g.runIds])).toEqual([
      ['seed = 1 (2 runs)', [1, 3]],
      ['seed = 2 (1 run)', [2]],
    ]);
  });
});

const valAcc = compareMetrics(['val_acc', 'lr']).find((m) => m.id === 'validationAccuracy')!;
const pts = (runId: number, y: (number | null)[]) => ({ runId, x: y.map((_, i) => i), y });

describe('groupSeries', () => {
  const points = [pts(1, [0.1, 0.5]), pts(2, [0.3, 0.7]), pts(3, [0.9, 0.95])];

  it('draws a single run as its own curve without a band', () => {
    const [series] = groupSeries([{ key: '3', label: 'fast', runIds: [3] }], points);
    expect(Array.from(series.y)).toEqual([0.9, 0.95]);
    expect(series.band).toBeUndefined();
  });

  it('draws a group as its mean with a band of one standard deviation', () => {
    const [series] = groupSeries([{ key: 'g', label: 'g', runIds: [1, 2] }], points);
    expect(Array.from(series.y).map((v) => Number(v?.toFixed(6)))).toEqual([0.2, 0.6]);
    const s = Math.sqrt(0.02);
    expect(Number(series.band?.upper[0].toFixed(6))).toBe(Number((0.2 + s).toFixed(6)));
    expect(Number(series.band?.lower[1].toFixed(6))).toBe(Number((0.6 - s).toFixed(6)));
  });

  it('draws nothing for a group with no points', () => {
    expect(groupSeries([{ key: 'x', label: 'x', runIds: [9] }], points)).toEqual([]);
  });
});

describe('pointsOf', () => {
  const logged = [
    { key: 'val_acc', step: 100, epoch: 0, value: 0.5, time: 1 },
    { key: 'val_acc', step: 200, epoch: 0, value: 0.6, time: 1 },
    { key: 'val_acc', step: 300, epoch: 1, value: 0.8, time: 1 },
    { key: 'val_acc', step: 350, epoch: null, value: 0.85, time: 1 },
  ];

  const trained = { id: 1 };
  const logged3 = { id: 3, logged: loggedRun(3, {}).logged };

  it('takes a trained run’s epoch curve by epoch; by step its sampled batch cost', () => {
    const curve = makeCurve(1, [0.2, 0.8]);
    const batchCost = [{ key: 'batch_cost', step: 40, epoch: 1, value: 0.3, time: 1 }];
    const cost = compareMetrics(['batch_cost']).find((m) => m.id === 'trainCost')!;
    expect(pointsOf(trained, curve, undefined, valAcc, 'epoch')).toEqual(pts(1, [0.2, 0.8]));
    expect(pointsOf(trained, curve, batchCost, cost, 'step')).toEqual({
      runId: 1,
      x: [40],
      y: [0.3],
    });
  });

  it('places a trained run’s epochs on the step, examples and time axes from its scale', () => {
    const curve = makeCurve(1, [0.2, 0.8]);
    const scale = {
      trainSize: 100,
      batchSize: 10,
      elapsed: new Map([
        [0, 0],
        [1, 7],
      ]),
    };
    expect(pointsOf(trained, curve, undefined, valAcc, 'step', scale)?.x).toEqual([0, 10]);
    expect(pointsOf(trained, curve, undefined, valAcc, 'examples', scale)?.x).toEqual([0, 100]);
    expect(pointsOf(trained, curve, undefined, valAcc, 'time', scale)?.x).toEqual([0, 7]);
    expect(pointsOf(trained, curve, undefined, valAcc, 'step')).toBeNull();
  });

  it('puts a logged run on time since its first logged value, and not on examples', () => {
    const timed = logged.map((m, i) => ({ ...m, time: 1000 + 10 * i }));
    expect(pointsOf(logged3, undefined, timed, valAcc, 'time')?.x).toEqual([0, 10, 20, 30]);
    expect(pointsOf(logged3, undefined, timed, valAcc, 'examples')).toBeNull();
  });

  it('takes a logged run’s key of the same role: every step, or each epoch’s last value', () => {
    expect(pointsOf(logged3, undefined, logged, valAcc, 'step')).toEqual({
      runId: 3,
      x: [100, 200, 300, 350],
      y: [0.5, 0.6, 0.8, 0.85],
    });
    expect(pointsOf(logged3, undefined, logged, valAcc, 'epoch')).toEqual({
      runId: 3,
      x: [0, 1],
      y: [0.6, 0.8],
    });
  });

  it('says which runs have nothing to draw, and why by examples seen', () => {
    const note = missingNote([makeRun(1), makeRun(2)], [pts(2, [1])], valAcc, 'examples');
    expect(note).toBe(
      'No Validation accuracy by examples seen for #1. A run trained on a CSV file without trainSize has no known training-set size.',
    );
    expect(missingNote([makeRun(2)], [pts(2, [1])], valAcc, 'epoch')).toBeNull();
  });
});

describe('metricsSeries', () => {
  const groups = [{ key: '1', label: 'one', runIds: [1] }];
  const cost = compareMetrics([]).find((m) => m.id === 'trainCost')!;

  it('names the metric and gives each metric its own line pattern', () => {
    const series = metricsSeries(groups, [
      { metric: valAcc, points: [pts(1, [0.5])] },
      { metric: cost, points: [pts(1, [0.9])] },
    ]);
    expect(series.map((s) => [s.id, s.label, s.dash])).toEqual([
      ['validationAccuracy|1', 'one · Validation accuracy', undefined],
      ['trainCost|1', 'one · Training cost', [6, 3]],
    ]);
  });

  it('keeps the plain series for one metric', () => {
    const [s] = metricsSeries(groups, [{ metric: valAcc, points: [pts(1, [0.5])] }]);
    expect([s.id, s.label]).toEqual(['1', 'one']);
  });
});

describe('compareMetrics', () => {
  it('folds well-known logged keys into the trained curves and lists the others by name', () => {
    const metrics = compareMetrics(['loss', 'val_acc', 'lr', 'acc']);
    expect(metrics.map((m) => [m.id, m.keys])).toEqual([
      ['validationAccuracy', ['val_acc']],
      ['testAccuracy', []],
      ['trainCost', ['loss']],
      ['validationCost', []],
      ['testCost', []],
      ['trainAccuracy', ['acc']],
      ['key:lr', ['lr']],
    ]);
  });
});

describe('bestAndLast', () => {
  it('takes the highest accuracy and the lowest cost as best', () => {
    const points = pts(1, [0.2, 0.8, 0.7]);
    expect(bestAndLast(points, true)).toEqual({ best: 0.8, bestAt: 1, last: 0.7, lastAt: 2 });
    expect(bestAndLast(points, false)).toMatchObject({ best: 0.2, bestAt: 0 });
  });

  it('skips NaN when looking for the best but reports a NaN last value', () => {
    const result = bestAndLast(pts(1, [0.5, NaN]), true);
    expect([result.best, result.bestAt, result.lastAt]).toEqual([0.5, 0, 1]);
    expect(result.last).toBeNaN();
  });

  it('gives nulls for a metric that was never measured', () => {
    expect(bestAndLast(pts(1, [null]), true)).toEqual({
      best: null,
      bestAt: null,
      last: null,
      lastAt: null,
    });
  });
});
