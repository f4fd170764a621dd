/** The recorder on a real SQLite store: what each lifecycle write leaves behind. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { DiagnoseInput } from '../../../src-shared/diagnostics/doctor';
import type { Finding } from '../../../src-shared/base/findings';
import { epochRecord, xorConfig } from '../store/store.testing';
import { type Store } from '../store/store';
import { createRunRecorder } from './run-recorder';
import { requireResumable } from './queue-core';
import { useTempStore } from '../store/temp-store.testing';

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

useTempStore((opened) => (store = opened), 'backprop-recorder-');
beforeEach(() => {
  seen = [];
  runId = store.runs.insert({
    experimentId: null,
    name: 'xor',
    config: xorConfig(),
    engineVersion: ENGINE_VERSION,
  });
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

  describe('sampled batch costs', () => {
    /** Epoch e's samples at steps 2e−1 and 2e (two batches per epoch), cost 1/step, the second NaN in epoch 3. */
    const withCosts = (epoch: number, shift = 0) => ({
      ...arrival(epoch),
      batchCosts: [2 * epoch - 1, 2 * epoch].map((step) => ({
        step,
        cost: epoch === 3 && step === 6 ? Number.NaN : 1 / step + shift,
        time: 1000 + step,
      })),
    });
    const points = () =>
      store.loggedRuns.metrics(runId).map((m) => [m.key, m.step, m.epoch, m.value, m.time]);

    it('are stored with their epoch, keyed batch_cost, NaN kept', () => {
      const recorder = createRunRecorder(store);
      recorder.epoch(runId, arrival(0));
      for (const epoch of [1, 2, 3]) recorder.epoch(runId, withCosts(epoch));
      expect(points()).toEqual([
        ['batch_cost', 1, 1, 1, 1001],
        ['batch_cost', 2, 1, 1 / 2, 1002],
        ['batch_cost', 3, 2, 1 / 3, 1003],
        ['batch_cost', 4, 2, 1 / 4, 1004],
        ['batch_cost', 5, 3, 1 / 5, 1005],
        ['batch_cost', 6, 3, Number.NaN, 1006],
      ]);
    });

    it('are written in the epoch’s transaction: when its points cannot be stored, neither is the epoch', () => {
      const recorder = createRunRecorder(store);
      recorder.epoch(runId, withCosts(1));
      const broken = withCosts(2);
      broken.batchCosts[1].time = null as unknown as number; // run_metrics.time is NOT NULL
      expect(() => recorder.epoch(runId, broken)).toThrow(/NOT NULL/);
      expect(points().map(([, step]) => step)).toEqual([1, 2]);
      expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([1]);
      expect(store.checkpoints.epochs(runId)).toEqual([1]);
    });

    it('of a discarded epoch go with it, and a redone epoch stores its points once', () => {
      const recorder = createRunRecorder(store);
      for (const epoch of [1, 2, 3]) recorder.epoch(runId, withCosts(epoch));
      recorder.discardAfter(runId, 1);
      expect(points().map(([, step]) => step)).toEqual([1, 2]);
      recorder.epoch(runId, withCosts(2, 10));
      recorder.epoch(runId, withCosts(2, 20)); // the same epoch arriving again replaces its points
      expect(points().map(([, step, epoch, value]) => [step, epoch, value])).toEqual([
        [1, 1, 1],
        [2, 1, 1 / 2],
        [3, 2, 1 / 3 + 20],
        [4, 2, 1 / 4 + 20],
      ]);
    });

    it('after the newest checkpoint are dropped when an attempt begins (a resumed run has no duplicates)', () => {
      const recorder = createRunRecorder(store);
      for (const epoch of [1, 2]) recorder.epoch(runId, withCosts(epoch));
      store.checkpoints.deleteAfter(runId, 1); // as if epoch 2's checkpoint never landed
      expect(recorder.begin(runId, 'host-b').epoch).toBe(1);
      expect(points().map(([, step]) => step)).toEqual([1, 2]);
    });
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
