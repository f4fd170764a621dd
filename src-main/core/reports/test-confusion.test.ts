/**
 * The confusion matrix of a run is computed from its stored final weights. A conv net's weights
 * stored without its conv layers (before they were kept) would classify raw pixels with dense
 * layers meant for conv outputs, so it is not computed (rather than shown wrong); with them, see
 * feature-maps.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fixtureRun, fixtureWeights } from '../../../src-shared/report/report.testing';
import { inlineData } from '../../../src-shared/experiment/config.testing';
import { Rng } from '../../../src-shared/engine/rng';
import { testPredictions } from './test-confusion';
import type { LoadedDataset } from '../../../src-shared/base/dataset';

/** 40 examples of 784 values in 10 classes, 20 of them test examples, labelled as image datasets
 * are (labels, no target rows). */
function pixels(): LoadedDataset {
  const rng = new Rng(5);
  const inputs = Array.from({ length: 40 }, () => Array.from({ length: 784 }, () => rng.next()));
  const targets = inputs.map((_, i) =>
    Array.from({ length: 10 }, (_, k) => (k === i % 10 ? 1 : 0)),
  );
  const data = inlineData(inputs, targets, { validationSize: 0, testSize: 20 });
  return { ...data, test: { ...data.test, targets: null } };
}

describe('test predictions from stored weights', () => {
  it('classifies a dense run’s test split', async () => {
    const run = fixtureRun(1, { dataset: 'mnist' });
    const result = await testPredictions(run, fixtureWeights(), () => pixels());
    expect(result?.confusion.examples).toBe(20);
  });

  it('gives no predictions for a conv run whose weights lack its conv layers, even when its conv output has as many values as an image', async () => {
    // 4 filters of 5×5 padded by 2 on 28×28, pooled by 2: 4×14×14 = 784 values, as many as pixels.
    const features = {
      input: [28, 28, 1] as [number, number, number],
      layers: [
        { type: 'conv2d' as const, filters: 4, kernel: 5, padding: 2 },
        { type: 'maxpool' as const, size: 2 },
      ],
    };
    const run = fixtureRun(2, { dataset: 'mnist', features });
    expect(run.config.layers[0]).toBe(784);
    expect(await testPredictions(run, fixtureWeights(), () => pixels())).toBeNull();
  });
});
