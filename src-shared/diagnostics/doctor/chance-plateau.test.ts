import { describe, expect, it } from 'vitest';
import { chanceLimit, chancePlateau } from './chance-plateau';
import {
  config,
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  foundingEpoch1,
  layerStats,
} from './records.testing';

const layers = [layerStats(1), layerStats(2)];

describe('chance-plateau', () => {
  it('allows 15% for 10 classes and 60% for 2', () => {
    expect(chanceLimit(10)).toBeCloseTo(0.15, 12);
    expect(chanceLimit(2)).toBeCloseTo(0.6, 12);
  });

  it('warns after one epoch of the founding network at 11%, counting its 50,000 updates', () => {
    const [finding] = chancePlateau({
      config: foundingConfig,
      epochs: [foundingEpoch0, foundingEpoch1],
    });
    expect(finding).toMatchObject({ rule: 'chance-plateau', severity: 'warning', epoch: 1 });
    expect(finding.message).toContain('50,000 weight updates');
    expect(finding.message).toContain('accuracy is 10%');
  });

  it('is an error after three epochs at chance with a flat cost', () => {
    const epochs = [1, 2, 3].map((e) =>
      epochRecord(e, layers, { validationAccuracy: 0.1, trainCost: 0.45 + e * 1e-4 }),
    );
    expect(chancePlateau({ config: config(), epochs })[0]?.severity).toBe('error');
  });

  it('stays a warning while the cost still moves, and is silent once accuracy rises', () => {
    const moving = [1, 2, 3].map((e) =>
      epochRecord(e, layers, { validationAccuracy: 0.12, trainCost: 0.45 - e * 0.05 }),
    );
    expect(chancePlateau({ config: config(), epochs: moving })[0]?.severity).toBe('warning');
    const learning = [
      epochRecord(1, layers, { validationAccuracy: 0.12 }),
      epochRecord(2, layers, { validationAccuracy: 0.6 }),
    ];
    expect(chancePlateau({ config: config(), epochs: learning })).toEqual([]);
  });

  it('waits for 100 weight updates before judging', () => {
    const tiny = config({ trainSize: 500, batchSize: 10 });
    const epoch1 = epochRecord(1, layers, { validationAccuracy: 0.1 });
    expect(chancePlateau({ config: tiny, epochs: [epoch1] })).toEqual([]);
    expect(chancePlateau({ config: tiny, epochs: [epoch1, { ...epoch1, epoch: 2 }] })).toHaveLength(
      1,
    );
  });

  it('needs a trained epoch with an accuracy', () => {
    expect(chancePlateau({ config: config(), epochs: [foundingEpoch0] })).toEqual([]);
  });
});
