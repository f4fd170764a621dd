/**
 * fast-conv-memory.ts decides at admission whether a conv net fits the fast conv session's wasm32
 * memory, by a lower bound of what conv-memory.ts lays out. That bound must never exceed what the
 * session really allocates (or admission would refuse nets that fit), and must be close to it (or
 * it would let through nets that do not): both are checked here on the real layout, on byte
 * images (which the session keeps as bytes, as the bound counts them), with and without the
 * expanded set; float images take 4 bytes a value, so there the bound is only at most.
 */
import { describe, expect, it } from 'vitest';
import { inlineData, testConfig } from '../../src-shared/experiment/config.testing';
import { fastConvMemoryBytes } from '../../src-shared/experiment/fast-conv-memory';
import { planFeatures } from '../../src-shared/engine/layers/feature-stack';
import { freshStart } from '../../src-shared/engine/start-state';
import { Rng } from '../../src-shared/engine/rng';
import type { LoadedDataset, Split } from '../../src-shared/base/dataset';
import type { LayerSpecInput } from '../../src-shared/experiment/layer-specs';
import { expandTraining } from '../../src-shared/engine/expand';
import { buildConvMemory } from './fast/conv-memory';
import { kernelAvailable } from './fast/kernel-module';

const built = kernelAvailable();
if (!built) console.warn('conv-memory-bound.test: skipped, out/kernels/fast.wasm is not built');

/** `count` noise images of side×side×channels in 4 classes, 20 validation and 20 test. */
function noise(count: number, side: number, channels: number) {
  const rng = new Rng(3);
  const inputs = Array.from({ length: count }, () =>
    Array.from({ length: side * side * channels }, () => rng.next()),
  );
  const targets = inputs.map((_, i) => [0, 1, 2, 3].map((j) => (j === i % 4 ? 1 : 0)));
  return inlineData(inputs, targets, { validationSize: 20, testSize: 20 });
}

/** The same images as byte pixels (an image dataset, as MNIST: expand can shift it). */
function asBytes(data: LoadedDataset, side: number): LoadedDataset {
  const bytes = (split: Split): Split => ({
    ...split,
    inputs: Uint8Array.from(split.inputs, (v) => Math.round(255 * v)),
  });
  return {
    ...data,
    imageShape: [side, side],
    ...{ train: bytes(data.train), validation: bytes(data.validation), test: bytes(data.test) },
  };
}

/** name, typed layers (the input's shape first), batch size, threads, expand */
const cases: [string, LayerSpecInput[], number, number, boolean][] = [
  [
    'padded conv, pool, dense',
    [
      { type: 'input', shape: [28, 28, 1] },
      { type: 'conv2d', filters: 16, kernel: 3, padding: 1 },
      { type: 'maxpool', size: 2 },
      { type: 'dense', units: 64 },
      { type: 'dense', units: 4, activation: 'softmax' },
    ],
    50,
    1,
    false,
  ],
  [
    'padded conv, pool, dense on the expanded set',
    [
      { type: 'input', shape: [28, 28, 1] },
      { type: 'conv2d', filters: 4, kernel: 3, padding: 1 },
      { type: 'maxpool', size: 2 },
      { type: 'dense', units: 16 },
      { type: 'dense', units: 4, activation: 'softmax' },
    ],
    10,
    1,
    true,
  ],
  [
    'two conv layers, strided, three channels, two threads',
    [
      { type: 'input', shape: [21, 21, 3] },
      { type: 'conv2d', filters: 8, kernel: 3, stride: 2, activation: 'relu' },
      { type: 'conv2d', filters: 12, kernel: 3, padding: 2 },
      { type: 'maxpool', size: 3 },
      { type: 'dense', units: 4, activation: 'softmax' },
    ],
    30,
    2,
    false,
  ],
];

describe.skipIf(!built)('the fast conv memory bound at admission', () => {
  it.each(cases)(
    'is at most and near what the session allocates: %s',
    (_, layers, batch, t, expand) => {
      const [side, , channels] = layers[0].type === 'input' ? layers[0].shape : [];
      const floats = noise(200, side, channels);
      const sizes = { trainSize: 160, validationSize: 20, testSize: 20 };
      const config = testConfig({
        ...{ layers, cost: 'log-likelihood', precision: 'float32', engine: 'fast' },
        ...{ learningRate: 0.1, batchSize: batch, epochs: 1, threads: t, ...sizes },
        ...(expand ? { expand: { kind: 'shift' } } : {}),
      } as unknown as Parameters<typeof testConfig>[0]);
      expect(floats.train.count).toBe(160);
      const plan = planFeatures(config.features!);
      const allocated = (data: LoadedDataset) => {
        // The session's own memory: the training split expanded as ConvSession does.
        const trained = expand ? expandTraining(data, config.expand!) : data;
        const memory = buildConvMemory(config, trained, plan, freshStart(config, data), t);
        return memory.memory.buffer.byteLength;
      };
      const bound = fastConvMemoryBytes(config);
      const bytes = allocated(asBytes(floats, side));
      expect(bound).toBeLessThanOrEqual(bytes);
      expect(bound).toBeGreaterThan(0.8 * bytes);
      if (!expand) expect(bound).toBeLessThanOrEqual(allocated(floats));
    },
  );
});
