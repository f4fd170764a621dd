/**
 * The owner's side of a bench measurement: every epoch the trainer sends is written as the owner
 * writes it (the run recorder's one transaction: record, layer statistics, checkpoint, summary,
 * batch costs and the doctor's findings) into a store of its own, and the moment each epoch is
 * stored is noted. The intervals between those moments are the run's turnaround: what a person
 * waits per epoch for the next row to appear.
 *
 * In `bench --measure` the writer is another process (`bench --store-writer`, internal) on the
 * IPC channel the owner and a trainer use ('advanced' serialization), so SQLite runs beside the
 * trainer as it does under the real owner; tests use the in-process sink.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FromTrainer } from '../../src-shared/contract/trainer-protocol';
import { messageOf } from '../../src-shared/base/errors';
import { diagnose } from '../../src-shared/diagnostics/doctor';
import { ENGINE_VERSION } from '../../src-shared/engine/version';
import type { RunConfig } from '../../src-shared/experiment/config';
import { createRunRecorder } from '../core/lifecycle/run-recorder';
import { openStore } from '../core/store/store';
import type { SelfCommand } from './child';

export type EpochMessage = Extract<FromTrainer, { kind: 'epoch' }>;

/** Where the trainer's epochs go in a measurement. */
export interface EpochSink {
  /** Hands one epoch over; resolves once it is on its way (as OwnerPort.send). */
  send(message: EpochMessage): Promise<void>;
  /** Ends the sink; resolves with the moment (ms, performance.timeOrigin-based wall clock) each
   * epoch was stored, in epoch order. */
  finish(): Promise<number[]>;
}

/** Milliseconds on a clock every process of this machine shares. */
const wallMs = () => performance.timeOrigin + performance.now();

/** A temp store with one run of `config`, and a function that records one epoch of it. */
function openRunStore(config: RunConfig) {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-bench-epochs-'));
  const store = openStore(join(dir, 'bench.db'));
  const runId = store.runs.insert({
    experimentId: null,
    name: config.name,
    config,
    engineVersion: ENGINE_VERSION,
  });
  const recorder = createRunRecorder(store, diagnose);
  recorder.begin(runId, 'bench');
  return {
    record(message: EpochMessage): number {
      recorder.epoch(runId, message);
      return wallMs();
    },
    close(): void {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes in this process, right when an epoch is sent (for tests: timing shape, not speed). */
export function inProcessSink(config: RunConfig): EpochSink {
  const store = openRunStore(config);
  const stored: number[] = [];
  return {
    send: async (message) => void stored.push(store.record(message)),
    finish: async () => {
      store.close();
      return stored;
    },
  };
}

type ToWriter = { kind: 'begin'; config: RunConfig } | EpochMessage | { kind: 'end' };
type FromWriter = { kind: 'stored'; at: number } | { kind: 'failed'; message: string };

/** A writer process started from the `backprop` command (`bench --store-writer`). */
export function processSink(self: SelfCommand, config: RunConfig): EpochSink {
  const [script, ...flags] = [self.args.at(-1)!, ...self.args.slice(0, -1)];
  const child = fork(script, ['bench', '--store-writer'], {
    execPath: self.node,
    execArgv: flags,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stored: number[] = [];
  let failure: string | null = null;
  child.on('message', (m: FromWriter) => {
    if (m.kind === 'stored') stored.push(m.at);
    else failure = m.message;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const post = (message: ToWriter) =>
    new Promise<void>((resolve, reject) =>
      child.send(message, undefined, undefined, (error) => (error ? reject(error) : resolve())),
    );
  void post({ kind: 'begin', config });
  return {
    send: (message) => post(message),
    async finish() {
      await post({ kind: 'end' });
      const code = await exited;
      if (failure || code !== 0)
        throw new Error(`bench store writer failed (exit ${code}): ${failure ?? 'no reason'}`);
      return stored;
    },
  };
}

/** The writer process's main: one run's epochs into a temp store, each acknowledged with the
 * moment it was stored; ends on 'end'. */
export function runStoreWriter(): void {
  let store: ReturnType<typeof openRunStore> | null = null;
  const end = () => {
    store?.close();
    store = null;
    process.disconnect();
  };
  process.on('message', (m: ToWriter) => {
    try {
      if (m.kind === 'begin') store = openRunStore(m.config);
      else if (m.kind === 'end') end();
      else {
        if (!store) throw new Error('an epoch arrived before the run began');
        process.send?.({ kind: 'stored', at: store.record(m) } satisfies FromWriter);
      }
    } catch (error) {
      process.exitCode = 1;
      const failed: FromWriter = { kind: 'failed', message: messageOf(error) };
      process.send?.(failed, undefined, undefined, end);
    }
  });
}
