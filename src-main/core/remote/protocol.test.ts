import { describe, expect, it } from 'vitest';
import { encodeWire } from '../../../src-shared/base/wire';
import { parseOrThrow } from '../../../src-shared/base/validation';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import { epochRecord, xorInput } from '../store/store.testing';
import {
  decodeEntry,
  encodeEntry,
  remoteJobDataSchema,
  remoteProgressSchema,
  type StreamEntry,
} from './protocol';

const buffers = (...fields: (string | Buffer)[]) => fields.map((f) => Buffer.from(f));
const entry = (kind: string, body: unknown, ...more: (string | Buffer)[]) =>
  buffers('kind', kind, 'attempt', '1001', 'body', encodeWire(body), ...more);
const checkpoint = ['checkpoint', Buffer.from([1, 2, 3])];

describe('decodeEntry', () => {
  it('reads back every kind encodeEntry writes', () => {
    const entries: StreamEntry[] = [
      { kind: 'start', attempt: 1001, host: 'gpu-box.local', fromEpoch: -1 },
      { kind: 'epoch', attempt: 1001, record: epochRecord(2), checkpoint: new Uint8Array([7]) },
      { kind: 'end', attempt: 1001, status: 'completed', message: null, lastEpoch: 4 },
      { kind: 'stopped', attempt: 1001, reason: 'cancel' },
    ];
    for (const e of entries) expect(decodeEntry(buffers(...encodeEntry(e)))).toEqual(e);
  });

  it('keeps NaN and infinite costs, which a diverged run reports', () => {
    const record = epochRecord(1, { trainCost: Number.NaN, testCost: -Infinity });
    const decoded = decodeEntry(entry('epoch', { record }, ...checkpoint));
    expect(decoded).toMatchObject({ record: { trainCost: Number.NaN, testCost: -Infinity } });
  });

  it('carries an epoch’s batch costs, a NaN one included, and refuses a malformed one naming it', () => {
    const batchCosts = [
      { step: 3, cost: 0.25, time: 1700000000.5 },
      { step: 4, cost: Number.NaN, time: 1700000001 },
    ];
    const sent: StreamEntry = {
      kind: 'epoch',
      attempt: 1001,
      record: epochRecord(2),
      checkpoint: new Uint8Array([7]),
      batchCosts,
    };
    expect(decodeEntry(buffers(...encodeEntry(sent)))).toEqual(sent);
    const bad = { record: epochRecord(2), batchCosts: [{ step: 0, cost: 1, time: 1 }] };
    expect(() => decodeEntry(entry('epoch', bad, ...checkpoint))).toThrow(
      /batchCosts\[0\]\.step: must be >= 1/,
    );
  });

  it.each([
    [
      'a host with markup',
      'start',
      { host: '<b>evil-host</b>', fromEpoch: -1 },
      'start entry.host: must be a host name',
    ],
    ['an empty host', 'start', { host: '', fromEpoch: -1 }, 'start entry.host'],
    [
      'a fractional fromEpoch',
      'start',
      { host: 'a', fromEpoch: 0.5 },
      'start entry.fromEpoch: must be a whole number',
    ],
    [
      'an unknown start field',
      'start',
      { host: 'a', fromEpoch: -1, admin: true },
      'start entry.admin',
    ],
    [
      'an end status the worker cannot send',
      'end',
      { status: 'running', message: null },
      'end entry.status',
    ],
    ['a stop reason that is not one', 'stopped', { reason: 'abort' }, 'stopped entry.reason'],
  ])('refuses %s, naming the field', (_what, kind, body, message) => {
    expect(() => decodeEntry(entry(kind, body))).toThrow(message);
  });

  it.each([
    ['a cost that is text', { trainCost: 'not a number' }, 'record.trainCost: must be a number'],
    ['an accuracy of 42', { testAccuracy: 42 }, 'record.testAccuracy: must be between 0 and 1'],
    ['a NaN accuracy', { validationAccuracy: Number.NaN }, 'record.validationAccuracy'],
    ['a fractional epoch', { epoch: 1.5 }, 'record.epoch: must be a whole number'],
    ['a negative epoch', { epoch: -1 }, 'record.epoch: must be >= 0'],
    ['an infinite learning rate', { learningRate: Infinity }, 'record.learningRate'],
    ['layers that are not an array', { layers: { find: 1 } }, 'record.layers'],
    [
      'a predicted fraction above 1',
      { predictedClassFraction: [2, 0] },
      'record.predictedClassFraction[0]',
    ],
    ['an unknown record field', { verdict: 'great' }, 'record.verdict'],
  ])('refuses an epoch record with %s, naming the field', (_what, overrides, message) => {
    const record = { ...epochRecord(0), ...overrides };
    expect(() => decodeEntry(entry('epoch', { record }, ...checkpoint))).toThrow(message);
  });

  it('refuses a layer statistic with an unknown field, naming its path', () => {
    const record = epochRecord(0);
    const layers = [{ ...record.layers[0], extra: 1 }, record.layers[1]];
    expect(() =>
      decodeEntry(entry('epoch', { record: { ...record, layers } }, ...checkpoint)),
    ).toThrow('record.layers[0].extra');
  });

  it('refuses unknown and repeated fields, a bad attempt and a body that is not wire JSON', () => {
    const start = { host: 'a', fromEpoch: -1 };
    expect(() => decodeEntry(entry('start', start, 'extra', 'x'))).toThrow('unknown field "extra"');
    expect(() => decodeEntry(entry('start', start, 'attempt', '2'))).toThrow('"attempt" twice');
    expect(() => decodeEntry(entry('start', start, ...checkpoint))).toThrow(
      'unknown field "checkpoint"',
    );
    const badAttempt = buffers('kind', 'start', 'attempt', '1e3', 'body', encodeWire(start));
    expect(() => decodeEntry(badAttempt)).toThrow('attempt: must be a whole number above 0');
    const badBody = buffers('kind', 'start', 'attempt', '1', 'body', '{"host": {"$num": "7"}}');
    expect(() => decodeEntry(badBody)).toThrow('stream entry field body: ');
  });

  it('refuses a completed or diverged end without its last epoch (a lost epoch would not show)', () => {
    for (const status of ['completed', 'diverged']) {
      expect(() => decodeEntry(entry('end', { status, message: null }))).toThrow(
        /lastEpoch: a completed or diverged end must say its lastEpoch/,
      );
    }
    // A worker that refuses a job before training ends it failed, with no epoch to name.
    const refused = { status: 'failed', message: 'refused' };
    expect(decodeEntry(entry('end', refused))).toMatchObject({ kind: 'end', ...refused });
  });
});

describe('the job data a worker accepts', () => {
  const data = { runId: 3, dispatch: 1, engineVersion: ENGINE_VERSION, config: xorInput() };

  it('accepts what the owner sends', () => {
    expect(parseOrThrow(remoteJobDataSchema, data)).toEqual(data);
    const resumed = { ...data, checkpoint: 'QlBDSw==', checkpointEpoch: 2 };
    expect(parseOrThrow(remoteJobDataSchema, resumed)).toEqual(resumed);
  });

  it.each([
    [{ ...data, runId: 0 }, 'job.runId'],
    [{ ...data, dispatch: '1' }, 'job.dispatch'],
    [{ ...data, checkpoint: 'not base64!' }, 'job.checkpoint: must be a base64 string'],
    [{ ...data, checkpointEpoch: -2 }, 'job.checkpointEpoch'],
    [{ ...data, priority: 1 }, 'job.priority'],
  ])('refuses %j naming the field', (value, message) => {
    expect(() => parseOrThrow(remoteJobDataSchema, value, 'job')).toThrow(message);
  });
});

describe('the progress the owner accepts', () => {
  const progress = {
    epoch: 1,
    epochs: 5,
    batch: 3,
    batches: 10,
    cost: Number.NaN,
    examplesPerSecond: 120,
    etaSeconds: null,
  };

  it('accepts a worker’s progress, a NaN cost included', () => {
    const value = { runId: 3, attempt: 1001, progress };
    expect(parseOrThrow(remoteProgressSchema, value)).toEqual(value);
  });

  it.each([
    [{ runId: 3, attempt: 1001, progress: { ...progress, batch: -1 } }, 'p.progress.batch'],
    [{ runId: 3, attempt: 1001, progress: { ...progress, html: '<b>' } }, 'p.progress.html'],
    [{ runId: 3, attempt: 'x', progress }, 'p.attempt'],
  ])('refuses %j naming the field', (value, message) => {
    expect(() => parseOrThrow(remoteProgressSchema, value, 'p')).toThrow(message);
  });
});
