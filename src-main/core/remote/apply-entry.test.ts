import { beforeEach, describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../src-shared/base/records';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import { epochRecord, xorConfig } from '../store/store.testing';
import { type Store } from '../store/store';
import { createEntryApplier, type EntryApplier } from './apply-entry';
import { attemptOf, decodeEntry, encodeEntry, type StreamEntry } from './protocol';
import { encodeWire } from '../../../src-shared/base/wire';
import type { RemoteRunsRepo } from '../store/remote-runs-repo';
import { createRunRecorder } from '../lifecycle/run-recorder';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { activationsOf } from '../../../src-shared/engine/options';
import { writeCheckpoint } from '../../../src-shared/engine/checkpoint';
import { Network } from '../../../src-shared/engine/network';
import { Rng } from '../../../src-shared/engine/rng';
import { initialControl } from '../../../src-shared/engine/schedule';
import { useTempStore } from '../store/temp-store.testing';

/** The fixture records (epochRecord) are those of a 2-3-2 network. */
const config = xorConfig({ layers: [2, 3, 2] });

/** A real checkpoint of `cfg`'s network whose first weight is `tag` (to tell checkpoints apart). */
function checkpointOf(cfg: RunConfig, epoch: number, tag: number): Uint8Array {
  const net = new Network(cfg.layers, activationsOf(cfg), cfg.precision);
  net.weights[0][0] = tag;
  const meta = {
    sizes: [...net.sizes],
    activations: [...net.activations],
    precision: net.precision,
    epoch,
    diverged: false,
    rng: new Rng(1).state(),
    control: initialControl(cfg),
    hasVelocities: false,
  };
  return writeCheckpoint({ meta, weights: net.weights, biases: net.biases, velocities: null });
}

let store: Store;
let remote: RemoteRunsRepo;
let applier: EntryApplier;
let appended: number[];
let runId: number;
let nextId: number;

useTempStore((opened) => (store = opened), 'backprop-remote-');
beforeEach(() => {
  remote = store.remoteRuns;
  appended = [];
  applier = createEntryApplier({
    store,
    recorder: createRunRecorder(store),
    onAppended: (_id, record) => appended.push(record.epoch),
    onChanged: () => undefined,
  });
  runId = store.runs.insert({
    experimentId: null,
    name: 'xor',
    config,
    engineVersion: ENGINE_VERSION,
  });
  remote.beginDispatch(runId, (d) => attemptOf(d, 0));
  nextId = 1;
});

/** Applies an entry under the next stream id ("1-0", "2-0", …) after a trip through the codec. */
function apply(entry: StreamEntry) {
  const fields = encodeEntry(entry).map((f) => Buffer.from(f));
  return applier.apply(runId, `${nextId++}-0`, decodeEntry(fields));
}

const start = (tries: number, fromEpoch: number, dispatch = 1): StreamEntry => ({
  kind: 'start',
  attempt: attemptOf(dispatch, tries),
  host: `worker-${tries}`,
  fromEpoch,
});
const epoch = (tries: number, record: EpochRecord, dispatch = 1): StreamEntry => ({
  kind: 'epoch',
  attempt: attemptOf(dispatch, tries),
  record,
  checkpoint: checkpointOf(config, record.epoch, tries),
});
const stored = () => store.epochs.list(runId);

describe('applying a run’s stream entries', () => {
  it('marks the run running on the worker’s host and stores each epoch with its checkpoint', () => {
    apply(start(1, -1));
    expect(store.runs.get(runId)).toMatchObject({
      status: 'running',
      host: 'worker-1',
      attempts: 1,
    });
    const followUp = apply(epoch(1, epochRecord(0)));
    apply(epoch(1, epochRecord(1)));
    expect(stored()).toEqual([epochRecord(0), epochRecord(1)]);
    expect(store.checkpoints.latest(runId)).toEqual({ epoch: 1, data: checkpointOf(config, 1, 1) });
    expect(followUp).toEqual({ kind: 'ack', entryId: '2-0', epoch: 0, attempt: 1001 });
    expect(remote.get(runId)?.position).toBe('3-0');
    expect(appended).toEqual([0, 1]);
  });

  it('stores an epoch read twice once', () => {
    apply(start(1, -1));
    apply(epoch(1, epochRecord(0)));
    apply(epoch(1, epochRecord(0)));
    expect(store.epochs.count(runId)).toBe(1);
  });

  it('keeps NaN metrics through the stream', () => {
    apply(start(1, -1));
    apply(epoch(1, epochRecord(0, { trainCost: Number.NaN, testCost: Infinity })));
    expect(stored()[0]).toMatchObject({ trainCost: Number.NaN, testCost: Infinity });
  });

  it('discards what an abandoned attempt stored after the epoch the new attempt resumes from', () => {
    apply(start(1, -1));
    [0, 1, 2, 3].forEach((e) => apply(epoch(1, epochRecord(e))));
    apply(start(2, 1));
    expect(stored().map((r) => r.epoch)).toEqual([0, 1]);
    expect(store.checkpoints.latest(runId)?.epoch).toBe(1);
    expect(store.runs.get(runId)?.final?.epochs).toBe(1);
    expect(store.runs.get(runId)).toMatchObject({ host: 'worker-2', attempts: 2 });
    // The old attempt's worker is still alive and keeps sending: ignored.
    apply(epoch(1, epochRecord(2, { trainCost: 99 })));
    apply(epoch(2, epochRecord(2)));
    expect(stored()).toEqual([epochRecord(0), epochRecord(1), epochRecord(2)]);
  });

  it('ignores an older attempt’s start and entries of another dispatch', () => {
    apply(start(2, -1));
    apply(start(1, -1));
    expect(remote.get(runId)?.attempt).toBe(attemptOf(1, 2));
    apply(start(1, -1, 2));
    apply(epoch(1, epochRecord(0), 2));
    expect(store.epochs.count(runId)).toBe(0);
    expect(remote.get(runId)?.position).toBe('4-0');
  });

  it('ends the run with the worker’s outcome and stops following it', () => {
    apply(start(1, -1));
    apply(epoch(1, epochRecord(0)));
    const followUp = apply({
      kind: 'end',
      attempt: 1001,
      status: 'failed',
      message: 'trainer crashed',
      lastEpoch: 0,
    });
    expect(followUp).toEqual({ kind: 'finished' });
    expect(store.runs.get(runId)).toMatchObject({ status: 'failed', error: 'trainer crashed' });
    expect(remote.get(runId)?.open).toBe(false);
    apply(epoch(1, epochRecord(1)));
    expect(store.epochs.count(runId)).toBe(1);
  });

  it('applies nothing after an epoch that never arrived, and gives the dispatch up', () => {
    apply(start(1, -1));
    apply(epoch(1, epochRecord(0)));
    expect(apply(epoch(1, epochRecord(2)))).toEqual({ kind: 'lost', stored: 0 });
    expect(stored().map((r) => r.epoch)).toEqual([0]);
    expect(remote.get(runId)?.open).toBe(false);
  });

  it('does not complete a run whose last epochs never arrived', () => {
    apply(start(1, -1));
    apply(epoch(1, epochRecord(0)));
    const end: StreamEntry = {
      kind: 'end',
      attempt: 1001,
      status: 'completed',
      message: null,
      lastEpoch: 3,
    };
    expect(apply(end)).toEqual({ kind: 'lost', stored: 0 });
    expect(store.runs.get(runId)?.status).toBe('running');
  });

  it('refuses an epoch beyond the run’s epochs, storing nothing of it', () => {
    apply(start(1, -1));
    for (let e = 0; e <= 5; e++) apply(epoch(1, epochRecord(e)));
    expect(() => apply(epoch(1, epochRecord(6)))).toThrow(
      "epoch entry: epoch 6 is beyond the run's 5 epochs",
    );
    expect(stored().map((r) => r.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails a run its worker refused before training, whatever was stored before', () => {
    apply(start(1, -1));
    apply(epoch(1, epochRecord(0)));
    const refusal: StreamEntry = { kind: 'end', attempt: 1001, status: 'failed', message: 'no' };
    expect(apply(refusal)).toEqual({ kind: 'finished' });
    expect(store.runs.get(runId)).toMatchObject({ status: 'failed', error: 'no' });
  });

  it('leaves a paused run paused when its worker starts late, and closes it when it stops', () => {
    store.runs.setStatus(runId, 'paused');
    apply(start(1, -1));
    expect(store.runs.get(runId)?.status).toBe('paused');
    expect(apply({ kind: 'stopped', attempt: 1001, reason: 'pause' })).toEqual({
      kind: 'finished',
    });
    expect(remote.get(runId)?.open).toBe(false);
  });
});

describe('stream entries', () => {
  it('name what is wrong with an entry that is not ours', () => {
    const fields = ['kind', 'hello', 'attempt', '1'].map((f) => Buffer.from(f));
    expect(() => decodeEntry(fields)).toThrow('stream entry has an unknown kind "hello"');
    const body = encodeWire({ record: epochRecord(0) });
    const noCheckpoint = ['kind', 'epoch', 'attempt', '1', 'body', body].map((f) => Buffer.from(f));
    expect(() => decodeEntry(noCheckpoint)).toThrow('epoch entry has no checkpoint');
  });
});
