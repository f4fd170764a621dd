/** Checkpoint format 2, and format 1 (written before optimizers had state of their own) read as
 * SGD or momentum SGD so runs stored then still resume. */
import { describe, expect, it } from 'vitest';
import { encodeWire } from '../base/wire';
import { blobData, testConfig } from '../experiment/config.testing';
import { readCheckpoint } from './checkpoint';
import { createSession, restoreSession } from './reference-session';

const options = { now: () => 0 };
const momentum = testConfig({
  layers: [5, 4, 3],
  learningRate: 0.3,
  batchSize: 6,
  epochs: 4,
  momentum: 0.8,
  precision: 'float64',
});

/** `bytes` with its metadata replaced by `meta` (written as given) under format `version`; the
 * arrays are kept as they are. */
function withMeta(bytes: Uint8Array, meta: object, version: number): Uint8Array {
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const metaLength = view(bytes).getUint32(8, true);
  const arrays = bytes.subarray(Math.ceil((12 + metaLength) / 8) * 8);
  const newMeta = new TextEncoder().encode(encodeWire(meta));
  const head = Math.ceil((12 + newMeta.length) / 8) * 8;
  const out = new Uint8Array(head + arrays.length);
  out.set(bytes.subarray(0, 4));
  view(out).setUint32(4, version, true);
  view(out).setUint32(8, newMeta.length, true);
  out.set(newMeta, 12);
  out.set(arrays, head);
  return out;
}

/** The bytes format 1's writer produced for the same contents: version 1 and metadata without
 * optimizer, moments or steps. */
function asFormat1(bytes: Uint8Array): Uint8Array {
  const { optimizer: _o, moments: _m, steps: _s, ...meta } = readCheckpoint(bytes).meta;
  return withMeta(bytes, meta, 1);
}

describe('checkpoints', () => {
  it('write format 2 with the optimizer kind', () => {
    const bytes = createSession(momentum, blobData(), options).checkpoint();
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(2);
    expect(readCheckpoint(bytes).meta).toMatchObject({ optimizer: 'momentum', moments: 0 });
  });

  it('read format 1 as momentum SGD and resume from it bit-identically', () => {
    const whole = createSession(momentum, blobData(), options);
    whole.trainEpoch();
    const old = asFormat1(whole.checkpoint());
    expect(readCheckpoint(old).meta).toMatchObject({ optimizer: 'momentum', moments: 0, steps: 0 });
    const resumed = restoreSession(momentum, blobData(), old, options);
    expect(encodeWire([resumed.trainEpoch(), resumed.trainEpoch()])).toBe(
      encodeWire([whole.trainEpoch(), whole.trainEpoch()]),
    );
  });

  it('read format 1 without velocities as SGD', () => {
    const sgd = { ...momentum, momentum: 0 };
    const old = asFormat1(createSession(sgd, blobData(), options).checkpoint());
    expect(readCheckpoint(old).meta.optimizer).toBe('sgd');
    expect(restoreSession(sgd, blobData(), old, options).epoch).toBe(0);
  });

  it('refuse an unknown format, naming the ones it reads', () => {
    const bytes = createSession(momentum, blobData(), options).checkpoint();
    new DataView(bytes.buffer).setUint32(4, 4, true);
    expect(() => readCheckpoint(bytes)).toThrow(/format 4 is not supported \(expected 1, 2 or 3\)/);
  });

  describe('read the metadata strictly, naming the field', () => {
    const bytes = () => createSession(momentum, blobData(), options).checkpoint();
    const meta = () => readCheckpoint(bytes()).meta;
    const refused = (changed: object, version = 2) =>
      expect(() => readCheckpoint(withMeta(bytes(), changed, version)));

    it('an unknown field, with the one probably meant', () => {
      const m = meta();
      refused({ ...m, control: { ...m.control, learningRat: 1 } }).toThrow(
        /control\.learningRat.*learningRate/,
      );
      refused({ ...m, epochs: 3 }).toThrow(/epochs.*epoch/);
    });

    it('a field of the wrong type or range', () => {
      const m = meta();
      refused({ ...m, rng: { ...m.rng, s: [1, 2, 3, -4] } }).toThrow(/rng\.s\[3\]/);
      refused({ ...m, epoch: 1.5 }).toThrow(/epoch/);
      refused({ ...m, optimizer: 'adagrad' }).toThrow(/optimizer/);
      refused({ ...m, activations: ['sigmoid', 'swish'] }).toThrow(/activations\[1\]/);
    });

    it('activations that do not match the layers', () => {
      refused({ ...meta(), activations: ['sigmoid'] }).toThrow(/activations has 1 entries for 2/);
    });

    it('format 2 without its optimizer state, format 3 without conv layers', () => {
      const { steps: _s, ...m } = meta();
      refused(m).toThrow(/format 2 metadata lacks its optimizer, moments or steps/);
      refused(meta(), 3).toThrow(/no conv layer lengths/);
    });

    it('counts no store could hold: more moment sets, layers or conv layers than a run has', () => {
      const m = meta();
      // A checkpoint of a few hundred bytes that claims 30 million moment sets: refused by the
      // schema in milliseconds, before any array is laid out for it.
      const started = Date.now();
      refused({ ...m, moments: 30_000_000 }).toThrow(/checkpoint metadata: moments/);
      expect(Date.now() - started).toBeLessThan(1000);
      const many = Array.from({ length: 100_000 }, () => 1);
      const sigmoids = many.slice(1).map(() => 'sigmoid');
      refused({ ...m, sizes: many, activations: sigmoids }).toThrow(/checkpoint metadata: sizes/);
      const conv = { weights: many, biases: many };
      refused({ ...m, features: conv }, 3).toThrow(/checkpoint metadata: features\.weights/);
    });

    it('a patience whose best cost is +∞ (a diverged run) is read as it was written', () => {
      const m = meta();
      const diverged = {
        ...m,
        control: { ...m.control, plateau: { best: Infinity, bestEpoch: 1, bad: 2 } },
      };
      expect(readCheckpoint(withMeta(bytes(), diverged, 2)).meta.control.plateau.best).toBe(
        Infinity,
      );
    });
  });
});
