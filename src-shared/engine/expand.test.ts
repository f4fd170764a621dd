/** The expanded training set: each image and its four one-pixel shifts, for image data only. */
import { describe, expect, it } from 'vitest';
import type { LoadedDataset, Split } from '../base/dataset';
import { blobData, testConfig } from '../experiment/config.testing';
import { expandTraining } from './expand';
import { createSession } from './reference-session';
import { validateShape } from './validate-shape';

/** Two 3×3 images: pixel values 1…9 and 11…19, labels 0 and 1. */
function tinyImages(): LoadedDataset {
  const train: Split = {
    count: 2,
    inputSize: 9,
    inputs: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    labels: Int32Array.of(0, 1),
    targets: null,
  };
  const empty: Split = { ...train, count: 0, inputs: new Uint8Array(0), labels: new Int32Array(0) };
  return {
    ...{ id: 'tiny', name: 'tiny', inputSize: 9, outputSize: 2, imageShape: [3, 3] },
    ...{ classNames: null, train, validation: empty, test: empty },
  };
}

describe('expanded training data', () => {
  it('appends each image shifted down, up, right and left, filling with zeros', () => {
    const { train } = expandTraining(tinyImages(), { kind: 'shift', pixels: 1 });
    const image = (i: number) => Array.from(train.inputs.subarray(i * 9, (i + 1) * 9));
    expect(train.count).toBe(10);
    expect(image(0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(image(2)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6]); // down
    expect(image(4)).toEqual([4, 5, 6, 7, 8, 9, 0, 0, 0]); // up
    expect(image(6)).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8]); // right
    expect(image(9)).toEqual([12, 13, 0, 15, 16, 0, 18, 19, 0]); // left, second image
    expect(Array.from(train.labels)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('is refused for data without images, naming expand', () => {
    const config = testConfig({ layers: [5, 3], expand: { kind: 'shift' } });
    expect(() => validateShape(config, blobData())).toThrow(
      /expand: shifting needs images, and inline is no image dataset/,
    );
  });

  it('trains on 5× the examples and scores the original ones', () => {
    const config = testConfig({ layers: [9, 2], batchSize: 1, expand: { kind: 'shift' } });
    const batches: number[] = [];
    const session = createSession(config, tinyImages(), { now: () => 0 });
    session.trainEpoch((p) => batches.push(p.batches));
    expect(batches.at(-1)).toBe(10);
  });
});
