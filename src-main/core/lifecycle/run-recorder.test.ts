/** The recorder on a real SQLite store: what each lifecycle write leaves behind. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { DiagnoseInput } from '../../../src-shared/diagnostics/doctor';
import type { Finding } from '../../../src-shared/base/findings';
import { epochRecord, tempDir, xorConfig } from '../store/store.testing';
import { openStore, type Store } from '../store/store';
import { createRunRecorder } from './run-recorder';
import { requireResumable } from './queue-core';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let runId: number;
/** What the doctor was shown, call by call. */
let seen: { epochs: number[]; status: string | undefined }[];
const diagnose = (input: DiagnoseInput): Finding[] => {
  seen.push({ epochs: input.epochs.map((e) => e.epoch), status: input.status });
  const finding: Finding = {
    rule: 'test-rule',
    severity: 'info',
    epoch: input.epochs.at(-1)?.epoch ?? 0,
    title: `seen ${input.epochs.length} (${input.status})`,
    message: '',
    evidence: {},
    suggestion: '',
  };
  return [finding];
};

beforeEach(() => {
  tmp = tempDir('backprop-recorder-');
  store = openStore(join(tmp.dir, 'recorder.db'));
  seen = [];
  runId = store.runs.insert({
    experimentId: null,
    name: 'xor',
    config: xorConfig(),
    engineVersion: ENGINE_VERSION,
  });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const arrival = (epoch: number, overrides = {}) => ({
  record: epochRecord(epoch, overrides),
  checkpoint: new Uint8Array([epoch]),
});

describe('the run recorder', () => {
  it('writes each epoch with its checkpoint and the findings over every record so far', () => {
    const recorder = createRunRecorder(store, diagnose);
    for (const epoch of [0, 1, 2]) recorder.epoch(runId, arrival(epoch));
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(store.checkpoints.latest(runId)?.epoch).toBe(2);
    expect(store.runs.get(runId)?.final?.epochs).toBe(2);
    expect(seen.map((s) => s.epochs)).toEqual([[0], [0, 1], [0, 1, 2]]);
    expect(store.findings.list(runId).map((f) => f.title)).toEqual(['seen 3 (running)']);
  });

  it('stores an epoch that arrives twice once, the later one winning, and shows the doctor no duplicate', () => {
    const recorder = createRunRecorder(store, diagnose);
    recorder.epoch(runId, arrival(0));
    recorder.epoch(runId, arrival(1, { trainCost: 0.4 }));
    recorder.epoch(runId, arrival(1, { trainCost: 0.3 }));
    expect(store.epochs.list(runId).map((e) => [e.epoch, e.trainCost])).toEqual([
      [0, epochRecord(0).trainCost],
      [1, 0.3],
    ]);
    expect(seen.at(-1)?.epochs).toEqual([0, 1]);
  });

  it('begins an attempt from the newest checkpoint: later records are dropped, the summary recomputed, the run marked running', () => {
    const recorder = createRunRecorder(store);
    for (const epoch of [0, 1, 2]) recorder.epoch(runId, arrival(epoch));
    // A record without its checkpoint (as a killed owner could never leave, but a lost stream might)
    store.epochs.insert(runId, epochRecord(3));
    const from = recorder.begin(runId, 'host-a');
    expect(from).toEqual({ checkpoint: new Uint8Array([2]), epoch: 2 });
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([0, 1, 2]);
    const run = store.runs.get(runId)!;
    expect([run.status, run.host, run.attempts, run.final?.epochs]).toEqual([
      'running',
      'host-a',
      1,
      2,
    ]);
  });

  it('discards an abandoned attempt: records and checkpoints after the epoch go, the summary follows', () => {
    const recorder = createRunRecorder(store);
    for (const epoch of [0, 1, 2, 3]) recorder.epoch(runId, arrival(epoch));
    recorder.discardAfter(runId, 1);
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([0, 1]);
    expect(store.checkpoints.epochs(runId)).toEqual([1]);
    expect(store.runs.get(runId)?.final?.epochs).toBe(1);
    expect(recorder.lastEpoch(runId)).toBe(1);
    recorder.discardAfter(runId, -1);
    expect(store.runs.get(runId)?.final).toBeNull();
  });

  it('finishes a run with its status, reason and the end-of-run findings in one write', () => {
    const recorder = createRunRecorder(store, diagnose);
    recorder.epoch(runId, arrival(0));
    recorder.finish(runId, { status: 'diverged', error: 'The cost became NaN' });
    const run = store.runs.get(runId)!;
    expect([run.status, run.error, run.finishedAt !== null]).toEqual([
      'diverged',
      'The cost became NaN',
      true,
    ]);
    expect(seen.at(-1)).toEqual({ epochs: [0], status: 'diverged' });
    expect(store.findings.list(runId).map((f) => f.title)).toEqual(['seen 1 (diverged)']);
  });
});

describe('requireResumable', () => {
  it('refuses a run that has epochs but no checkpoint (an imported run) and leaves its epochs', () => {
    for (const epoch of [0, 1, 2]) store.epochs.insert(runId, epochRecord(epoch));
    store.runs.markEnded(runId, { status: 'interrupted' });
    expect(() => requireResumable(store, runId)).toThrow(/no checkpoint to continue from/);
    expect(store.epochs.count(runId)).toBe(3);
  });

  it('accepts a stopped run with a checkpoint, and a run with neither epochs nor checkpoint', () => {
    store.runs.markEnded(runId, { status: 'paused' });
    expect(requireResumable(store, runId).id).toBe(runId);
    createRunRecorder(store).epoch(runId, arrival(0));
    expect(requireResumable(store, runId).id).toBe(runId);
  });

  it('names the statuses that can be resumed when the run is in another', () => {
    store.runs.markEnded(runId, { status: 'completed' });
    expect(() => requireResumable(store, runId)).toThrow(
      `Run ${runId} is completed; only paused, failed, cancelled, interrupted runs can be resumed`,
    );
  });
});
