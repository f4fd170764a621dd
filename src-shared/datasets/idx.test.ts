import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng';
import { DatasetError } from './errors';
import { checkPair, parseIdxImages, parseIdxLabels } from './idx';

/** An idx file: magic 0x0000 08 <dims>, big-endian sizes, then the bytes. */
function idx(sizes: number[], data: number[], magic = 0x0800 | sizes.length): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * sizes.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, false);
  sizes.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  bytes.set(data, 4 + 4 * sizes.length);
  return bytes;
}

const images = idx([3, 2, 2], [0, 1, 2, 3, 10, 11, 12, 13, 252, 253, 254, 255]);
const labels = idx([3], [7, 0, 9]);

describe('idx images and labels', () => {
  it('parses a well-formed pair', () => {
    const parsed = parseIdxImages(images, 'imgs');
    expect(parsed).toMatchObject({ count: 3, rows: 2, cols: 2 });
    expect(Array.from(parsed.pixels.subarray(8))).toEqual([252, 253, 254, 255]);
    expect(Array.from(parseIdxLabels(labels, 'lbls', 10))).toEqual([7, 0, 9]);
  });

  it('rejects a wrong magic number, naming the file and both numbers', () => {
    expect(() => parseIdxImages(labels, 'train-labels')).toThrow(
      'train-labels: wrong magic number 0x00000801, expected 0x00000803',
    );
    expect(() => parseIdxLabels(idx([3], [1, 2, 3], 0x0d01), 'f.idx1', 10)).toThrow(
      /0x00000d01, expected 0x00000801/,
    );
  });

  it('rejects a truncated file with expected and actual sizes', () => {
    expect(() => parseIdxImages(images.subarray(0, images.length - 1), 'imgs')).toThrow(
      'imgs: truncated: the header says 3 × 2 × 2 = 12 bytes of data, the file has 11',
    );
    expect(() => parseIdxImages(images.subarray(0, 10), 'imgs')).toThrow(
      'imgs: truncated: 10 bytes, the header alone needs 16',
    );
  });

  it('rejects an over-long file', () => {
    const long = new Uint8Array(labels.length + 2);
    long.set(labels);
    expect(() => parseIdxLabels(long, 'lbls', 10)).toThrow(
      'lbls: over-long: the header says 3 = 3 bytes of data, the file has 5',
    );
  });

  it('rejects labels out of range, naming the index and the range', () => {
    expect(() => parseIdxLabels(idx([2], [3, 10]), 'lbls', 10)).toThrow(
      'lbls: label 10 at index 1 is out of range, expected 0 … 9',
    );
  });

  it('rejects images and labels of different counts, naming both files', () => {
    const two = parseIdxLabels(idx([2], [1, 2]), 'lbls', 10);
    expect(() => checkPair(parseIdxImages(images, 'imgs'), two, 'imgs', 'lbls')).toThrow(
      'imgs: has 3 images but lbls has 2 labels',
    );
  });

  it('never crashes or hangs on random mutations, truncations and extensions: it parses or throws DatasetError', () => {
    const rng = new Rng(2024);
    let rejected = 0;
    for (let trial = 0; trial < 5000; trial++) {
      const source = trial % 2 === 0 ? images : labels;
      const extra = rng.int(4) === 0 ? rng.int(8) : 0;
      const bytes = new Uint8Array(rng.int(source.length + 1) + extra);
      bytes.set(source.subarray(0, bytes.length - extra));
      const flips = rng.int(4);
      for (let f = 0; f < flips && bytes.length > 0; f++)
        bytes[rng.int(bytes.length)] = rng.int(256);
      try {
        if (source === images) parseIdxImages(bytes, 'fuzz');
        else parseIdxLabels(bytes, 'fuzz', 10);
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});
