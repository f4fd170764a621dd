/**
 * The conversation with one trainer process, written once for every place that trains a run: the
 * local queue (src-main/core/queue) and `backprop worker` (src-main/worker). The caller says what
 * to start and what to do with what the trainer sends; the driver owns the protocol:
 *
 *   trainer: ready ─► driver: start ─► trainer: (progress | alive)* epoch* (completed | diverged | failed)
 *
 * and every way it can go wrong: a trainer that exits without a terminal message, a trainer silent
 * for the hang timeout (killed with SIGKILL), a listener that cannot record what arrived. Each run
 * ends exactly once, through `end`, unless the caller stopped it first.
 */
import type { FromTrainer, ToTrainer } from '../../../src-shared/contract/trainer-protocol';
import type { RunProgress } from '../../../src-shared/contract/types';
import { messageOf } from '../../../src-shared/base/errors';
import type { TrainerHost, TrainerProcess } from '../runner/trainer-host';
import { describeExit } from './run-outcome';

export type StartMessage = Extract<ToTrainer, { kind: 'start' }>;
export type EpochMessage = Extract<FromTrainer, { kind: 'epoch' }>;
/** How a run ends when the trainer (or its death) decides it. */
export type EndStatus = 'completed' | 'diverged' | 'failed';

export interface TrainerEnd {
  status: EndStatus;
  /** One sentence for the user; null when completed. */
  error: string | null;
  /** Set when the end is the process's unexpected exit. */
  exitCode?: number | null;
  exitSignal?: string | null;
}

/**
 * Why the caller stopped the trainer. `pause`: it finishes its epoch (its epoch and even its end
 * still count) and exits; `cancel` and `abort`: it is terminated and nothing it sends counts any
 * more (`abort` is the owner or worker going away; the run is picked up again later).
 */
export type StopReason = 'pause' | 'cancel' | 'abort';

export interface DriveOptions {
  host: TrainerHost;
  start: Omit<StartMessage, 'kind'>;
  /** Seconds of silence after which the trainer counts as hung. */
  hangSeconds: number;
  /** V8 heap limit of the trainer process (MB). */
  maxOldSpaceMb?: number;
}

export interface DriveListener {
  progress(progress: RunProgress): void;
  /** Record the epoch; a throw (or a rejected promise) ends the run as failed ("Could not store
   * …") and kills the trainer. While a returned promise is pending, later epochs and the end wait
   * for it: they are handed over in the order the trainer sent them. */
  epoch(message: EpochMessage): void | Promise<void>;
  /** The run ended (called at most once, never after a cancel or abort); `exited` waits for a
   * returned promise. */
  end(end: TrainerEnd): void | Promise<void>;
}

/** What became of the trainer once its process is gone. */
export interface DriveResult {
  ended: EndStatus | null;
  stopped: StopReason | null;
}

export interface DrivenTrainer {
  readonly pid: number | undefined;
  stop(reason: StopReason, signal?: 'SIGTERM' | 'SIGKILL'): void;
  /** Resolves once the process has exited and every message it sent was handled. */
  readonly exited: Promise<DriveResult>;
}

/** The cost-became-NaN sentence, in one place for local and remote runs. */
export const divergedMessage = (epoch: number) =>
  `The cost became NaN or infinite at epoch ${epoch}`;

export const hangMessage = (seconds: number) =>
  `The trainer hung: no message for ${seconds} s, so it was killed (the hangTimeoutSeconds setting)`;

/** Starts a trainer process for one run and drives it; throws if the process cannot start. */
export function driveTrainer(options: DriveOptions, listener: DriveListener): DrivenTrainer {
  const trainer = options.host.start({ maxOldSpaceMb: options.maxOldSpaceMb });
  let ended: EndStatus | null = null;
  let stopped: StopReason | null = null;
  /** The listener's writes still in progress (null: none); later steps wait for them. */
  let pending: Promise<void> | null = null;
  const watchdog = startWatchdog(options.hangSeconds, () => {
    inOrder(() => {
      if (!ended && !stopped)
        return end({ status: 'failed', error: hangMessage(options.hangSeconds) });
    });
    trainer.kill('SIGKILL');
  });

  function end(result: TrainerEnd): void | Promise<void> {
    // Ended by a store failure, or cancelled, while this end waited for earlier writes.
    if (ended || stopped === 'cancel' || stopped === 'abort') return;
    ended = result.status;
    const report = (error: unknown) =>
      console.error(`Run ${options.start.runId}: could not record its end:`, error);
    try {
      return listener.end(result)?.catch(report);
    } catch (error) {
      report(error);
    }
  }

  /** The owner could not record what arrived (disk full, a lock held too long): stop rather
   * than lose epochs. */
  function storeFailed(error: unknown): void | Promise<void> {
    trainer.kill('SIGTERM');
    return end({
      status: 'failed',
      error: `Could not store the run's results: ${messageOf(error)}`,
    });
  }

  /** Runs `step` now, or after the pending writes when there are any; a step that returns a
   * promise becomes the pending write. */
  function inOrder(step: () => void | Promise<void>): void {
    const result = pending ? pending.then(step) : step();
    if (!result) return;
    const settled: Promise<void> = result
      .catch(storeFailed)
      .then(() => void (pending === settled && (pending = null)));
    pending = settled;
  }

  function handle(message: FromTrainer): void {
    switch (message.kind) {
      case 'ready':
        return trainer.send({ kind: 'start', ...options.start });
      case 'progress':
        return listener.progress(message.progress);
      case 'alive':
        return; // the watchdog was refreshed above; nothing to show or store (nor relay to Redis)
      case 'epoch':
        // Skipped when a failed write ended the run, or the run was cancelled or its owner is
        // closing, while this epoch waited for earlier writes (nothing of it is stored after that).
        return inOrder(() =>
          ended || stopped === 'cancel' || stopped === 'abort'
            ? undefined
            : listener.epoch(message),
        );
      case 'completed':
        return inOrder(() => end({ status: 'completed', error: null }));
      case 'diverged':
        return inOrder(() => end({ status: 'diverged', error: divergedMessage(message.epoch) }));
      case 'failed':
        return inOrder(() => end({ status: 'failed', error: message.message }));
    }
  }

  trainer.onMessage((message) => {
    watchdog.refresh();
    if (ended || stopped === 'cancel' || stopped === 'abort') return;
    try {
      handle(message);
    } catch (error) {
      void storeFailed(error);
    }
  });

  const exited = new Promise<DriveResult>((resolve) => {
    trainer.onExit((code, signal) => {
      watchdog.clear();
      inOrder(() => {
        if (ended || stopped) return;
        const error = describeExit(code, signal, trainer.output?.());
        return end({ status: 'failed', error, exitCode: code, exitSignal: signal });
      });
      const done = () => resolve({ ended, stopped });
      if (pending) void pending.then(done);
      else done();
    });
  });

  return {
    pid: trainer.pid,
    exited,
    stop(reason, signal = 'SIGTERM') {
      if (ended || stopped) return void (reason !== 'pause' && trainer.kill(signal));
      stopped = reason;
      if (reason === 'pause') trainer.send({ kind: 'cancel' });
      else trainer.kill(signal);
    },
  };
}

/**
 * A timer that fires after `seconds` without a refresh: an endless loop, a deadlock or a blocked
 * event loop in the trainer. Unref'd: the trainer process keeps the owner alive, not the timer.
 */
function startWatchdog(seconds: number, onHang: () => void) {
  const timer = setTimeout(onHang, seconds * 1000);
  timer.unref();
  return { refresh: () => void timer.refresh(), clear: () => clearTimeout(timer) };
}

export type { TrainerProcess };
