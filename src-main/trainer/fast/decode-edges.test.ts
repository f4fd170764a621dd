/**
 * Byte images are decoded by the first slice's own forward sweep (_sparse.ts
 * sparseForwardDecoding), which leaves the list for the other slices and for phase 3. Its edge
 * cases, each trained on 1–4 threads (bit-identical runs) and against the reference engine
 * (phase 3 updates the weights from that list, so a wrong list shows in the weights, which a
 * check of z alone after training cannot see): an image with no non-zero pixel, runs of zeros
 * over 255 pixels (pixel-0 skip pairs) at the start and in the middle, a pixel at the last index,
 * dense images whose lists no longer fit the thread's list (TH_LIST_LIMIT) and are decoded again
 * by decode() in phase 3, and slice widths from 4 to 28 units and over 32.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedDataset, Split } from '../../../src-shared/base/dataset';
import { createSession } from '../../../src-shared/engine/reference-session';
import type { EpochRecord } from '../../../src-shared/base/records';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { parameterDifference, sessionParameters } from './agreement';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { Rng } from '../../../src-shared/engine/rng';

const built = kernelAvailable();
if (!built) console.warn('decode-edges.test: skipped, out/kernels/fast.wasm is not built');

const SIZE = 784;

/** An image of kind 0: blank; 1: far (first pixel after 300 zeros, then a 400-zero run, a pixel
 * at index 783); 2: dense (every pixel non-zero); 3: sparse; 4: half. */
function image(rng: Rng, kind: number): Uint8Array {
  const x = new Uint8Array(SIZE);
  const pixel = () => 1 + rng.int(255);
  if (kind === 1) {
    x[300] = pixel();
    x[301] = pixel();
    for (let k = 702; k < SIZE; k += 9) x[k] = pixel();
    x[SIZE - 1] = pixel();
  } else if (kind === 2) x.forEach((_, k) => (x[k] = pixel()));
  else if (kind === 3) for (let k = 0; k < SIZE; k += 17) x[k] = pixel();
  else if (kind === 4) x.forEach((_, k) => (x[k] = rng.next() < 0.5 ? 0 : pixel()));
  return x;
}

/** Kinds in turn (small sets), or mostly dense with a far image in every ten (`dense`). */
function split(count: number, rng: Rng, start: number, dense: boolean): Split {
  const inputs = new Uint8Array(count * SIZE);
  const kind = (i: number) => (!dense ? i % 5 : i % 10 === 0 ? 1 : 2);
  for (let i = 0; i < count; i++) inputs.set(image(rng, kind(start + i)), i * SIZE);
  const labels = Int32Array.from({ length: count }, (_, i) => (start + i) % 3);
  return { count, inputSize: SIZE, inputs, labels, targets: null };
}

function edgeData(train: number, dense = false): LoadedDataset {
  const rng = new Rng(31);
  return {
    ...{ id: 'edges', name: 'edges', inputSize: SIZE, outputSize: 3 },
    ...{ imageShape: [28, 28], classNames: null },
    train: split(train, rng, 0, dense),
    validation: split(10, rng, 1, false),
    test: split(10, rng, 2, false),
  };
}

function fastRun(input: Partial<RunConfigInput>, data: LoadedDataset, threads: number) {
  const config = testConfig({ epochs: 2, learningRate: 0.5, ...input, threads });
  const s = fastSessionFactory({ trainThreads: threads }).create(config, data);
  const records: Omit<EpochRecord, 'seconds'>[] = [];
  while (!s.finished) {
    const { seconds: _, ...record } = s.trainEpoch();
    records.push(record);
  }
  const result = { records, checkpoint: Buffer.from(s.checkpoint()), params: sessionParameters(s) };
  s.close();
  return result;
}

function referenceParams(input: Partial<RunConfigInput>, data: LoadedDataset) {
  const ref = createSession(testConfig({ epochs: 2, learningRate: 0.5, ...input }), data);
  while (!ref.finished) ref.trainEpoch();
  return sessionParameters(ref);
}

describe.skipIf(!built)('byte images decoded by the first sweep: edge cases', () => {
  const small = edgeData(40);
  for (const hidden of [4, 12, 28, 44, 70]) {
    it(`${hidden} hidden units: blank images, long zero runs, the last pixel; 1–4 threads`, () => {
      const input = { layers: [SIZE, hidden, 3], batchSize: 5 };
      const one = fastRun(input, small, 1);
      expect(parameterDifference(one.params, referenceParams(input, small))).toBeLessThan(1e-5);
      for (const threads of [2, 3, 4]) {
        const many = fastRun(input, small, threads);
        expect(many.records).toEqual(one.records);
        expect(many.checkpoint.equals(one.checkpoint)).toBe(true);
      }
    });
  }

  it('dense images past the list limit (decoded again in phase 3), on 1 and 2 threads', () => {
    // Batches of 400: one chunk; nine images in ten have 784 non-zero pixels, so the chunk's lists
    // pass TH_LIST_LIMIT (262,144 records) and its last examples are decoded again.
    const big = edgeData(800, true);
    const input = { layers: [SIZE, 8, 3], batchSize: 400, epochs: 1, learningRate: 3 };
    let records = 0;
    for (let i = 0; i < 400; i++) {
      const x = big.train.inputs.subarray(i * SIZE, (i + 1) * SIZE) as Uint8Array;
      records += x.reduce((n, p) => n + (p !== 0 ? 1 : 0), 0);
    }
    expect(records).toBeGreaterThan(262_144);
    const one = fastRun(input, big, 1);
    expect(parameterDifference(one.params, referenceParams(input, big))).toBeLessThan(1e-5);
    const two = fastRun(input, big, 2);
    expect(two.records).toEqual(one.records);
    expect(two.checkpoint.equals(one.checkpoint)).toBe(true);
  });
});
