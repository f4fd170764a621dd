/** Checkpoint format 2, and format 1 (written before optimizers had state of their own) read as
 * SGD or momentum SGD so runs stored then still resume. */
import { describe, expect, it } from 'vitest';
import { encodeWire } from '../base/wire';
import { blobData, testConfig } from '../experiment/config.testing';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
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

/** The bytes format 1's writer produced for the same contents: version 1 and metadata without
 * optimizer, moments or steps. */
function asFormat1(bytes: Uint8Array): Uint8Array {
  const saved = readCheckpoint(bytes);
  const { optimizer: _o, moments: _m, steps: _s, ...meta } = saved.meta;
  const oldMeta = new TextEncoder().encode(encodeWire(meta));
  const rewritten = writeCheckpoint({ ...saved, meta, moments: [] });
  const newMetaLength = new DataView(rewritten.buffer).getUint32(8, true);
  const arrays = rewritten.subarray(Math.ceil((12 + newMetaLength) / 8) * 8);
  const head = Math.ceil((12 + oldMeta.length) / 8) * 8;
  const out = new Uint8Array(head + arrays.length);
  out.set(rewritten.subarray(0, 4));
  new DataView(out.buffer).setUint32(4, 1, true);
  new DataView(out.buffer).setUint32(8, oldMeta.length, true);
  out.set(oldMeta, 12);
  out.set(arrays, head);
  return out;
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
});
