import { describe, expect, it } from 'vitest';
import { explodingWeights } from './exploding-weights';
import { config, epochRecord, layerStats } from './records.testing';

/** Layer 2 (30 → 10) with weight std 0.05·times and range ±0.2·times (RMS = std, mean 0). */
const layer2 = (times: number) =>
  layerStats(2, {
    weights: { ...layerStats(2).weights, std: 0.05 * times, min: -0.2 * times, max: 0.2 * times },
  });
/** Records whose layer 2 weights are scaled by each of `times` in turn, epoch 0 first. */
const run = (times: number[]) => times.map((t, e) => epochRecord(e, [layerStats(1), layer2(t)]));

describe('exploding-weights', () => {
  it('is an error when weights grow 10,000× or more, blaming η when it happened in one epoch', () => {
    // Layer 2's floor is 1/√30 ≈ 0.18 > its RMS 0.05, so growth counts from 0.18 (RMS) and from
    // 0.2 (largest |w|): 2e4·0.2 / 0.2 = 2e4.
    const [finding] = explodingWeights({
      config: config({ learningRate: 30 }),
      epochs: run([1, 2e4]),
    });
    expect(finding).toMatchObject({
      rule: 'exploding-weights',
      severity: 'error',
      epoch: 1,
      layer: 2,
    });
    expect(finding.title).toBe('The weights of layer 2 exploded: |w| up to 4000');
    expect(finding.message).toContain(
      'reached 4000 (RMS 1000), from 0.2 (RMS 0.05) before training',
    );
    expect(finding.message).toContain('in epoch 1 alone');
    expect(finding.evidence.weightGrowth).toBeCloseTo(2e4, 6);
    expect(finding.changes).toEqual([{ field: 'learningRate', direction: 'down' }]);
  });

  it('warns from 100× and proposes L2 when the growth was slow and there is no L2 term', () => {
    // ×2 an epoch for 7 epochs: 128×, never 10× within 3 epochs (2³ = 8).
    const epochs = run([1, 2, 4, 8, 16, 32, 64, 128]);
    const [finding] = explodingWeights({ config: config(), epochs });
    expect(finding).toMatchObject({ severity: 'warning', epoch: 7 });
    expect(finding.message).toContain('the run has no L2 term');
    expect(finding.fix).toEqual({ field: 'l2', value: 5, label: 'L2 regularization λ = 5' });
    expect(finding.changes).toEqual([{ field: 'l2', direction: 'up' }]);
  });

  it('lowers η when the growth was slow despite L2', () => {
    const epochs = run([1, 2, 4, 8, 16, 32, 64, 128]);
    const [finding] = explodingWeights({ config: config({ l2: 5 }), epochs });
    expect(finding.message).toContain('despite L2 λ = 5');
    expect(finding.changes).toEqual([{ field: 'learningRate', direction: 'down' }]);
  });

  it('does not count tiny initial weights growing to a normal size (floor 1/√n_in)', () => {
    // 0.001·… → 0.2·…: 200× its start, but under 2× the floor 1/√30 ≈ 0.18.
    const tiny = (s: number) =>
      layerStats(2, { weights: { ...layerStats(2).weights, std: s, min: -s, max: s } });
    const epochs = [0.001, 0.2].map((s, e) => epochRecord(e, [layerStats(1), tiny(s)]));
    expect(explodingWeights({ config: config(), epochs })).toEqual([]);
  });

  it('leaves weights that overflowed to infinity to the divergence rule', () => {
    const broken = layerStats(2, {
      weights: { ...layerStats(2).weights, std: NaN, min: -Infinity, max: Infinity },
    });
    const epochs = [
      epochRecord(0, [layerStats(1), layer2(1)]),
      epochRecord(1, [layerStats(1), broken]),
    ];
    expect(explodingWeights({ config: config(), epochs })).toEqual([]);
  });
});
