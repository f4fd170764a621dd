/**
 * The first layer visits only non-zero inputs. That is exact, not an approximation: each unit's
 * sum is accumulated in input order, and a skipped input would only have added w·0 = ±0, which
 * leaves a float32 sum unchanged. So the kernel's z must equal, bit for bit, a dense float32 sum
 * over every input in the same order.
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import { readCheckpoint } from '../../../src-shared/engine/checkpoint';
import type { Split } from '../../../src-shared/base/dataset';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { encodedSize, writeEncoded } from './encode';
import { sparseData } from './fast.testing';

const built = kernelAvailable();
if (!built) console.warn('sparse.test: skipped, out/kernels/fast.wasm is not built');

/** z_j = b_j + Σ_k w_jk x_k over all k, rounded to float32 after every operation. */
function denseZ(
  w: Float32Array,
  b: Float32Array,
  x: ArrayLike<number>,
  nIn: number,
  j: number,
): number {
  let z = b[j];
  for (let k = 0; k < nIn; k++)
    z = Math.fround(z + Math.fround(w[j * nIn + k] * Math.fround(x[k])));
  return z;
}

/** A split of 8-bit images: about 80% zero pixels, with gaps over 255 between some pixels. */
function byteSplit(count: number, size: number): Split {
  const inputs = new Uint8Array(count * size);
  for (let i = 0; i < inputs.length; i++) {
    const k = i % size;
    const far = k > 10 && k < 600;
    inputs[i] = !far && (i * 7919) % 5 === 0 ? (i * 31) % 256 : 0;
  }
  return {
    count,
    inputSize: size,
    inputs,
    labels: Int32Array.from({ length: count }, (_, i) => i % 4),
    targets: null,
  };
}

describe.skipIf(!built)('the sparse first layer', () => {
  it('gives the same z as a dense float32 product over every input (float inputs)', () => {
    const data = sparseData(40, 37, 3, 5, 0.6);
    const config = testConfig({ layers: [37, 21, 3], batchSize: 4, threads: 2 });
    const session = fastSessionFactory({ trainThreads: 2 }).create(config, data);
    session.trainEpoch();
    const saved = readCheckpoint(session.checkpoint());
    const w = saved.weights[0] as Float32Array;
    const b = saved.biases[0] as Float32Array;
    const z = session.firstLayerZ(0);
    let checked = 0;
    z.forEach((row, i) => {
      const x = data.train.inputs.subarray(i * 37, (i + 1) * 37);
      row.forEach((v, j) => {
        expect(v).toBe(denseZ(w, b, x, 37, j));
        checked++;
      });
    });
    expect(checked).toBe(40 * 21);
    session.close();
  });

  // Byte images are decoded by the first slice's sweep itself (sparseForwardDecoding), in sweeps
  // of 32, 16, 8 or 4 units; the other sweeps and slices read the list it leaves.
  for (const [hidden, threads] of [
    [4, 1],
    [8, 1],
    [16, 1],
    [32, 1],
    [44, 1],
    [30, 2],
    [44, 2],
  ]) {
    it(`reads bytes as the exact values p/255 and bridges gaps over 255 inputs (${hidden} units, ${threads} slice${threads > 1 ? 's' : ''})`, () => {
      const size = 784;
      const train = byteSplit(30, size);
      const empty: Split = {
        ...train,
        count: 0,
        inputs: new Uint8Array(0),
        labels: new Int32Array(0),
      };
      const data = {
        id: 'bytes',
        name: 'bytes',
        inputSize: size,
        outputSize: 4,
        imageShape: null,
        classNames: null,
        train,
        validation: empty,
        test: empty,
      };
      const config = testConfig({ layers: [size, hidden, 4], batchSize: 5, threads });
      const session = fastSessionFactory({ trainThreads: threads }).create(config, data);
      // After an epoch, so phase 3 has used the lists the decoding sweeps left.
      session.trainEpoch();
      const saved = readCheckpoint(session.checkpoint());
      const x = (i: number) =>
        Array.from(train.inputs.subarray(i * size, (i + 1) * size), (p) => p / 255);
      let checked = 0;
      session.firstLayerZ(0).forEach((row, i) =>
        row.forEach((v, j) => {
          const w = saved.weights[0] as Float32Array;
          expect(v).toBe(denseZ(w, saved.biases[0] as Float32Array, x(i), size, j));
          checked++;
        }),
      );
      expect(checked).toBe(30 * hidden);
      session.close();
    });
  }

  it('encodes bytes the same whether they are 4-aligned in their buffer or not', () => {
    const aligned = byteSplit(30, 784);
    const shifted = new Uint8Array(aligned.inputs.length + 3).subarray(1);
    shifted.set(aligned.inputs);
    const unaligned = { ...aligned, inputs: shifted };
    const encode = (split: Split) => {
      const size = encodedSize(split);
      const memory = new ArrayBuffer(size.bytes + 4 * (split.count + 1));
      writeEncoded(split, size.format, memory, 0, size.bytes);
      return { size, bytes: Buffer.from(memory) };
    };
    const a = encode(aligned);
    const b = encode(unaligned);
    expect(a.size.bytes).toBeGreaterThan(0);
    expect(b.size).toEqual(a.size);
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });

  it('stores about two bytes per non-zero pixel, plus one pair per gap over 255', () => {
    const split = byteSplit(30, 784);
    let pairs = 0;
    let most = 0;
    for (let i = 0; i < split.count; i++) {
      let last = 0;
      let own = 0;
      for (let k = 0; k < 784; k++) {
        if (split.inputs[i * 784 + k] === 0) continue;
        own += 1 + (k - last > 255 ? Math.ceil((k - last - 255) / 255) : 0);
        last = k;
      }
      pairs += own;
      most = Math.max(most, own);
    }
    expect(pairs).toBeGreaterThan(30);
    expect(most).toBeLessThan(pairs);
    expect(encodedSize(split)).toEqual({ format: 0, bytes: 2 * pairs, maxExampleBytes: 2 * most });
  });
});
