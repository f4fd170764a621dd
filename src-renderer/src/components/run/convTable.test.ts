import { describe, expect, it } from 'vitest';
import { twoConvNetConfig } from '../../../../src-shared/diagnostics/doctor/layer-depth.testing';
import {
  convLayerStats,
  epochRecord,
  layerStats,
} from '../../../../src-shared/diagnostics/doctor/records.testing';
import { convFilterCounts, convRows, depthLayers, errorSignal } from './layerDepth';

/** Two ReLU conv layers of 20 and 40 filters, then dense 100-10. */
const twoConvs = twoConvNetConfig('relu');

describe('the conv layers table and the depth list', () => {
  it('name the conv layers alike and read the same speed per filter, ‖∂C/∂b‖/√F', () => {
    const record = epochRecord(0, [layerStats(1), layerStats(2)], {
      convLayers: [
        convLayerStats(1, { biasGradientNorm: 0.3 }),
        convLayerStats(2, { biasGradientNorm: 0.8 }),
      ],
    });
    const rows = convRows(record, convFilterCounts(twoConvs.features));
    expect(rows.map((r) => [r.label, r.speed])).toEqual([
      ['conv layer 1', 0.3 / Math.sqrt(20)],
      ['conv layer 2', 0.8 / Math.sqrt(40)],
    ]);
    const convLevels = depthLayers([record], twoConvs).slice(0, 2);
    expect(convLevels.map((l) => [l.label, errorSignal(l, l.statsIn(record)!)])).toEqual(
      rows.map((r) => [r.label, r.speed]),
    );
  });
});
