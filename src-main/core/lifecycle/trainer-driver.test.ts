/**
 * The driver against a scripted trainer process: what it sends, what it hands the listener, and
 * how each way of ending (terminal message, unexpected exit, hang, stop, a listener that cannot
 * record) ends the run exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { FromTrainer, ToTrainer } from '../../../src-shared/contract/trainer-protocol';
import { epochRecord, xorConfig } from '../store/store.testing';
import type { TrainerHost, TrainerProcess } from '../runner/trainer-host';
import {
  divergedMessage,
  driveTrainer,
  hangMessage,
  type DriveListener,
  type TrainerEnd,
} from './trainer-driver';

/** A trainer process the test plays: `say` delivers a message, `exit` ends the process. */
function scriptedTrainer() {
  const sent: ToTrainer[] = [];
  const signals: string[] = [];
  let onMessage: (m: FromTrainer) => void = () => undefined;
  let onExit: (code: number | null, signal: string | null) => void = () => undefined;
  const process: TrainerProcess = {
    pid: 4242,
    send: (m) => void sent.push(m),
    onMessage: (listener) => void (onMessage = listener),
    onExit: (listener) => void (onExit = listener),
    kill: (signal = 'SIGTERM') => void signals.push(signal),
    output: () => 'RangeError: Invalid typed array length: -1\nNode.js v20.20.2',
  };
  const host: TrainerHost = { start: () => process };
  return {
    host,
    sent,
    signals,
    say: (m: FromTrainer) => onMessage(m),
    exit: (code: number | null, signal: string | null = null) => onExit(code, signal),
  };
}

function recordingListener() {
  const events: string[] = [];
  const ends: TrainerEnd[] = [];
  const listener: DriveListener = {
    progress: (p) => void events.push(`progress ${p.epoch}`),
    epoch: (m) => void events.push(`epoch ${m.record.epoch}`),
    end: (end) => void (ends.push(end), events.push(`end ${end.status}`)),
  };
  return { listener, events, ends };
}

const config = xorConfig();
const start = { runId: 7, config, threads: 2 };
const epoch = (n: number): FromTrainer => ({
  kind: 'epoch',
  runId: 7,
  record: epochRecord(n),
  checkpoint: new Uint8Array([n]),
});
const progress = (n: number): FromTrainer => ({
  kind: 'progress',
  runId: 7,
  progress: {
    epoch: n,
    epochs: 3,
    batch: 1,
    batches: 4,
    cost: 0.5,
    examplesPerSecond: 1,
    etaSeconds: 1,
  },
});

describe('driveTrainer', () => {
  it('answers ready with the start message, hands over progress and epochs in order, and ends once on completed', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const checkpoint = new Uint8Array([1, 2, 3]);
    const driven = driveTrainer(
      { host: t.host, start: { ...start, checkpoint, checkpointEpoch: 4 }, hangSeconds: 60 },
      l.listener,
    );
    t.say({ kind: 'ready', pid: 4242 });
    expect(t.sent).toEqual([
      { kind: 'start', runId: 7, config, threads: 2, checkpoint, checkpointEpoch: 4 },
    ]);
    t.say(progress(5));
    t.say(epoch(5));
    t.say({ kind: 'completed', runId: 7 });
    t.say(epoch(6)); // after the end: not the run's any more
    t.exit(0);
    await expect(driven.exited).resolves.toEqual({ ended: 'completed', stopped: null });
    expect(l.events).toEqual(['progress 5', 'epoch 5', 'end completed']);
    expect(l.ends).toEqual([{ status: 'completed', error: null }]);
  });

  it('ends a diverged run with the epoch in the sentence, and a failed one with its message', async () => {
    for (const [message, expected] of [
      [{ kind: 'diverged', runId: 7, epoch: 3 }, divergedMessage(3)],
      [{ kind: 'failed', runId: 7, message: 'dataset: no such file' }, 'dataset: no such file'],
    ] as const) {
      const t = scriptedTrainer();
      const l = recordingListener();
      const driven = driveTrainer({ host: t.host, start, hangSeconds: 60 }, l.listener);
      t.say(message);
      t.exit(0);
      await driven.exited;
      expect(l.ends.map((e) => e.error)).toEqual([expected]);
    }
    expect(divergedMessage(3)).toMatch(/NaN or infinite at epoch 3/);
  });

  it('fails a run whose trainer exits without a terminal message, with the signal and the error line of its output', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer({ host: t.host, start, hangSeconds: 60 }, l.listener);
    t.say(epoch(0));
    t.exit(null, 'SIGKILL');
    await expect(driven.exited).resolves.toEqual({ ended: 'failed', stopped: null });
    expect(l.ends).toHaveLength(1);
    expect(l.ends[0]).toMatchObject({ status: 'failed', exitCode: null, exitSignal: 'SIGKILL' });
    expect(l.ends[0].error).toMatch(/killed by SIGKILL.*RangeError: Invalid typed array length/);
  });

  it('kills a silent trainer with SIGKILL after the hang timeout and fails its run once', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer({ host: t.host, start, hangSeconds: 0.05 }, l.listener);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(t.signals).toEqual(['SIGKILL']);
    t.exit(null, 'SIGKILL');
    await driven.exited;
    expect(l.ends).toEqual([{ status: 'failed', error: hangMessage(0.05) }]);
  });

  it('keeps a trainer that talks alive past the hang timeout', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer({ host: t.host, start, hangSeconds: 0.1 }, l.listener);
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      t.say(progress(i));
    }
    expect(t.signals).toEqual([]);
    t.say({ kind: 'completed', runId: 7 });
    t.exit(0);
    await driven.exited;
    expect(l.ends.map((e) => e.status)).toEqual(['completed']);
  });

  it('counts alive messages for the hang watchdog and passes no progress on for them', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer({ host: t.host, start, hangSeconds: 0.1 }, l.listener);
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      t.say({ kind: 'alive', runId: 7 });
    }
    expect(t.signals).toEqual([]);
    t.say({ kind: 'completed', runId: 7 });
    t.exit(0);
    await driven.exited;
    expect(l.events).toEqual(['end completed']);
  });

  it('on cancel: terminates the trainer, ignores what it still sends, records no end', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer({ host: t.host, start, hangSeconds: 60 }, l.listener);
    t.say(epoch(0));
    driven.stop('cancel');
    t.say(epoch(1));
    t.say({ kind: 'completed', runId: 7 });
    t.exit(null, 'SIGTERM');
    await expect(driven.exited).resolves.toEqual({ ended: null, stopped: 'cancel' });
    expect(t.signals).toEqual(['SIGTERM']);
    expect(l.events).toEqual(['epoch 0']);
  });

  it('on pause: asks the trainer to stop after its epoch, still records that epoch, records no failure at its exit', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer({ host: t.host, start, hangSeconds: 60 }, l.listener);
    driven.stop('pause');
    expect(t.sent).toEqual([{ kind: 'cancel' }]);
    expect(t.signals).toEqual([]);
    t.say(epoch(2));
    t.exit(0);
    await expect(driven.exited).resolves.toEqual({ ended: null, stopped: 'pause' });
    expect(l.events).toEqual(['epoch 2']);
  });

  it('fails the run and kills the trainer when an epoch cannot be recorded', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer(
      { host: t.host, start, hangSeconds: 60 },
      {
        ...l.listener,
        epoch: () => {
          throw new Error('database or disk is full');
        },
      },
    );
    t.say(epoch(1));
    t.say(epoch(2));
    t.exit(null, 'SIGTERM');
    await driven.exited;
    expect(t.signals).toEqual(['SIGTERM']);
    expect(l.ends).toEqual([
      { status: 'failed', error: "Could not store the run's results: database or disk is full" },
    ]);
  });

  it('hands later epochs, the end and the exit over only after a write in progress, in order', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    let release = () => undefined as void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const driven = driveTrainer(
      { host: t.host, start, hangSeconds: 60 },
      {
        ...l.listener,
        epoch: (m) => {
          l.events.push(`epoch ${m.record.epoch}`);
          if (m.record.epoch === 0) return slow.then(() => void l.events.push('stored 0'));
        },
      },
    );
    t.say(epoch(0));
    t.say(epoch(1));
    t.say({ kind: 'completed', runId: 7 });
    t.exit(0);
    let exited = false;
    void driven.exited.then(() => (exited = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([l.events, exited]).toEqual([['epoch 0'], false]);
    release();
    await expect(driven.exited).resolves.toEqual({ ended: 'completed', stopped: null });
    expect(l.events).toEqual(['epoch 0', 'stored 0', 'epoch 1', 'end completed']);
  });

  it('fails the run and kills the trainer when a write in progress is rejected, and drops what followed', async () => {
    const t = scriptedTrainer();
    const l = recordingListener();
    const driven = driveTrainer(
      { host: t.host, start, hangSeconds: 60 },
      {
        ...l.listener,
        epoch: (m) => {
          l.events.push(`epoch ${m.record.epoch}`);
          return Promise.reject(
            new Error('the database stayed locked by another program for 30 s'),
          );
        },
      },
    );
    t.say(epoch(0));
    t.say(epoch(1));
    t.say({ kind: 'completed', runId: 7 });
    t.exit(0);
    await driven.exited;
    expect(t.signals).toEqual(['SIGTERM']);
    expect(l.events).toEqual(['epoch 0', 'end failed']);
    expect(l.ends).toEqual([
      {
        status: 'failed',
        error:
          "Could not store the run's results: the database stayed locked by another program for 30 s",
      },
    ]);
  });

  it('throws when the trainer process cannot be started', () => {
    const host: TrainerHost = {
      start: () => {
        throw new Error('spawn ENOMEM');
      },
    };
    expect(() =>
      driveTrainer({ host, start, hangSeconds: 60 }, recordingListener().listener),
    ).toThrow('spawn ENOMEM');
  });
});
