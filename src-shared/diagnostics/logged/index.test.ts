import { describe, expect, it } from 'vitest';
import type { LoggedMetric } from '../../experiment/run';
import { diagnoseLogged, loggedCurves, loggedFinal } from './index';

/** One point per epoch of each given key. */
function byEpoch(values: Record<string, number[]>): LoggedMetric[] {
  return Object.entries(values).flatMap(([key, ys]) =>
    ys.map((value, epoch) => ({ key, step: (epoch + 1) * 100, epoch, value, time: 1 })),
  );
}
const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule);

describe('logged curves', () => {
  it('maps well-known keys to roles and takes each epoch’s value at its last step', () => {
    const metrics = [
      { key: 'loss', step: 10, epoch: 0, value: 2, time: 1 },
      { key: 'loss', step: 20, epoch: 0, value: 1.5, time: 1 },
      { key: 'val/acc', step: 20, epoch: 0, value: 0.4, time: 1 },
      { key: 'lr', step: 20, epoch: 0, value: 0.1, time: 1 },
    ];
    const c = loggedCurves(metrics);
    expect(c.axis).toBe('epoch');
    expect(c.roles.trainCost).toEqual({ key: 'loss', x: [0], y: [1.5] });
    expect(c.roles.validationAccuracy).toEqual({ key: 'val/acc', x: [0], y: [0.4] });
    expect(Object.keys(c.roles)).toEqual(['trainCost', 'validationAccuracy']);
  });

  it('sums a run up as a trained run’s final row: last values, best validation accuracy', () => {
    const metrics = byEpoch({ loss: [2, 1, 0.5], val_acc: [0.5, 0.9, 0.8], test_acc: [0.7] });
    expect(loggedFinal(loggedCurves(metrics))).toEqual({
      epochs: 2,
      trainCost: 0.5,
      validationAccuracy: 0.8,
      testAccuracy: 0.7,
      testCost: null,
      bestValidationAccuracy: 0.9,
      bestEpoch: 1,
    });
  });

  it('falls back to steps when no epoch was logged', () => {
    const c = loggedCurves([{ key: 'cost', step: 5, epoch: null, value: 1, time: 1 }]);
    expect([c.axis, c.roles.trainCost?.x]).toEqual(['step', [5]]);
  });
});

describe('the doctor on logged curves', () => {
  it('always says it cannot see inside the network, and what it read', () => {
    const [only] = diagnoseLogged({ metrics: byEpoch({ loss: [1, 0.5] }), params: {} });
    expect(only).toMatchObject({ rule: 'logged-run', severity: 'info' });
    expect(only.message).toContain('"loss" as trainCost, by epoch');
    expect(only.message).toContain('Log num_classes');
  });

  it('finds an overflowed loss and a loss rising three epochs in a row', () => {
    const nan = diagnoseLogged({ metrics: byEpoch({ loss: [1, 3, NaN] }), params: {} });
    expect(nan[0]).toMatchObject({ rule: 'divergence', severity: 'error', epoch: 2 });
    expect(nan[0].message).toContain('became NaN');
    const rising = diagnoseLogged({ metrics: byEpoch({ loss: [1, 1.1, 1.3, 1.6] }), params: {} });
    expect(rising[0]).toMatchObject({ rule: 'divergence', epoch: 1 });
    // Two rises are not enough, nor three that add up to less than 10%.
    expect(
      rules(diagnoseLogged({ metrics: byEpoch({ loss: [1, 1.2, 1.3] }), params: {} })),
    ).toEqual(['logged-run']);
    expect(
      rules(diagnoseLogged({ metrics: byEpoch({ loss: [1, 1.01, 1.02, 1.03] }), params: {} })),
    ).toEqual(['logged-run']);
  });

  it('finds accuracy stuck at chance only when the run names its classes', () => {
    const metrics = byEpoch({ val_acc: [0.1, 0.11, 0.098], loss: [2.3, 2.3, 2.3] });
    expect(rules(diagnoseLogged({ metrics, params: {} }))).toEqual(['logged-run']);
    const found = diagnoseLogged({ metrics, params: { num_classes: 10 } });
    expect(found[0]).toMatchObject({ rule: 'chance-plateau', severity: 'warning', epoch: 2 });
    const learning = byEpoch({ val_acc: [0.1, 0.5, 0.9] });
    expect(rules(diagnoseLogged({ metrics: learning, params: { num_classes: 10 } }))).toEqual([
      'logged-run',
    ]);
  });

  it('finds overfitting: validation loss up 3 epochs since its best while training loss falls', () => {
    const metrics = byEpoch({
      loss: [1, 0.8, 0.6, 0.5, 0.4, 0.3],
      val_loss: [1, 0.7, 0.72, 0.74, 0.76, 0.8],
    });
    const [f] = diagnoseLogged({ metrics, params: {} });
    expect(f).toMatchObject({ rule: 'overfitting', severity: 'warning', epoch: 5 });
    expect(f.message).toContain('from 0.7 to 0.8');
    const stillFalling = byEpoch({ loss: [1, 0.8, 0.6, 0.5], val_loss: [1, 0.9, 0.8, 0.7] });
    expect(rules(diagnoseLogged({ metrics: stillFalling, params: {} }))).toEqual(['logged-run']);
  });
});
