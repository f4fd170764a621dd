import { describe, expect, it } from 'vitest';
import { divergence } from './divergence';
import { config, epochRecord, layerStats } from './records.testing';

const layers = [layerStats(1), layerStats(2)];
const fast = config({ learningRate: 30 });

describe('divergence', () => {
  // Before training, one full step at η = 30 moves layer 2 (30 → 10, weight std 0.05, so
  // ‖w‖ = 0.05·√300 ≈ 0.87) by η·‖∂C/∂w‖/‖w‖ = 30·0.5/0.87 ≈ 17 times its size; 100× smaller
  // brings that to 0.17, so the fix is η = 0.3.
  it('is an error at the first epoch whose cost is NaN, lowering η until a first step fits', () => {
    const epochs = [
      epochRecord(0, layers),
      epochRecord(1, layers, { trainCost: 2 }),
      epochRecord(2, layers, { trainCost: NaN }),
    ];
    const [finding] = divergence({ config: fast, epochs });
    expect(finding).toMatchObject({ rule: 'divergence', severity: 'error', epoch: 2 });
    expect(finding.message).toContain('NaN');
    expect(finding.fix).toEqual({
      field: 'learningRate',
      value: 0.3,
      label: 'learning rate η = 0.3',
    });
    expect(finding.changes).toEqual([{ field: 'learningRate', direction: 'down' }]);
    expect(finding.suggestion).toContain('100× smaller');
  });

  it('trusts the run status "diverged" even when the stored costs are finite', () => {
    const epochs = [epochRecord(0, layers)];
    expect(divergence({ config: fast, epochs, status: 'diverged' })[0]?.severity).toBe('error');
  });

  it('is an error when the training cost rises three epochs running by 10% or more', () => {
    const costs = [0.5, 0.3, 0.31, 0.33, 0.36];
    const epochs = costs.map((c, e) => epochRecord(e, layers, { trainCost: c }));
    const [finding] = divergence({ config: fast, epochs });
    expect(finding).toMatchObject({ severity: 'error', epoch: 2 });
    expect(finding.message).toContain('from 0.3 at epoch 1 to 0.36 at epoch 4');
  });

  it('is silent for a falling cost, two rises, or a tiny drift upward', () => {
    const run = (costs: number[]) =>
      divergence({
        config: fast,
        epochs: costs.map((c, e) => epochRecord(e, layers, { trainCost: c })),
      });
    expect(run([0.5, 0.3, 0.2, 0.1])).toEqual([]);
    expect(run([0.5, 0.3, 0.4, 0.5])).toEqual([]);
    expect(run([0.3, 0.3001, 0.3002, 0.3003])).toEqual([]);
  });
});
