/**
 * Live training output on stderr. On a terminal: one progress bar per running run (epoch, batch,
 * ETA, cost, accuracy), and each run's outcome line above the bars when it ends. Elsewhere (pipes,
 * logs, tests): one line per stored epoch, written after the epoch is committed, so a line is
 * proof that the epoch is in the database. With --quiet: nothing (the command prints the outcome).
 */
import { fstatSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { RunProgress, RunSummary } from '../../../src-shared/contract/types';
import { cost, duration, epochLine, outcomeLine, percent } from './format';

export interface ProgressView {
  progress(runId: number, p: RunProgress): void;
  epoch(runId: number, record: EpochRecord, epochs: number): void;
  ended(run: RunSummary): void;
  /** The run is done here: its bar goes, `line` stays (a worker has no RunSummary to show). */
  finished(runId: number, line: string): void;
  /** A line between the bars (or in the log). */
  log(line: string): void;
  stop(): void;
}

export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  return stream.isTTY
    ? barView(stream)
    : lineView(stream, stream === process.stderr && stderrIsStdout());
}

/** Standard error and output are one file or pipe (`2>&1`): the outcome line the command prints
 * on standard output would then be there twice. */
function stderrIsStdout(): boolean {
  try {
    const [out, err] = [fstatSync(1), fstatSync(2)];
    return out.dev === err.dev && out.ino === err.ino;
  } catch {
    return false;
  }
}

/** Shows nothing: --quiet. */
export function silentView(): ProgressView {
  const nothing = () => undefined;
  return {
    progress: nothing,
    epoch: nothing,
    ended: nothing,
    finished: nothing,
    log: nothing,
    stop: nothing,
  };
}

function lineView(stream: NodeJS.WritableStream, outcomeOnStdout = false): ProgressView {
  return {
    progress: () => undefined,
    epoch: (runId, record, epochs) => stream.write(`${epochLine(runId, record, epochs)}\n`),
    ended: (run) => (outcomeOnStdout ? undefined : stream.write(`${outcomeLine(run)}\n`)),
    finished: (_runId, line) => stream.write(`${line}\n`),
    log: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}

const FORMAT =
  'run {runId} {bar} epoch {epoch}/{epochs} batch {batch}/{batches} | ETA {eta} | cost {cost} | accuracy {accuracy}';

function barView(stream: NodeJS.WriteStream): ProgressView {
  const multibar = new cliProgress.MultiBar(
    { format: FORMAT, stream, hideCursor: true, clearOnComplete: false, barsize: 20 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<number, { bar: cliProgress.SingleBar; accuracy: string }>();
  // From the first bar until stop() the multibar owns the terminal's lines below its start.
  let drawing = false;
  const barOf = (runId: number, total: number) => {
    let entry = bars.get(runId);
    if (!entry) {
      entry = { bar: multibar.create(total, 0, { runId }), accuracy: '–' };
      bars.set(runId, entry);
      drawing = true;
    }
    return entry;
  };
  /** Writes a line above the bars now. MultiBar.log() only buffers until the next redraw, and
   * stop() drops what is buffered, so the redraw is forced here. Before the first bar and after
   * stop() nothing is drawn: the line goes straight to the stream (a redraw then would start
   * the multibar's timer again). */
  const say = (line: string) => {
    if (!drawing) return void stream.write(`${line}\n`);
    multibar.log(`${line}\n`);
    multibar.update();
  };
  return {
    progress(runId, p) {
      const entry = barOf(runId, p.epochs * p.batches);
      entry.bar.setTotal(p.epochs * p.batches);
      entry.bar.update((p.epoch - 1) * p.batches + p.batch, {
        runId,
        epoch: p.epoch,
        epochs: p.epochs,
        batch: p.batch,
        batches: p.batches,
        eta: duration(p.etaSeconds),
        cost: cost(p.cost),
        accuracy: entry.accuracy,
      });
    },
    epoch(runId, record) {
      const entry = bars.get(runId);
      if (entry) entry.accuracy = percent(record.validationAccuracy ?? record.testAccuracy);
    },
    ended(run) {
      this.finished(run.id, outcomeLine(run));
    },
    finished(runId, line) {
      const entry = bars.get(runId);
      bars.delete(runId);
      if (!entry) return say(line);
      multibar.log(`${line}\n`);
      multibar.remove(entry.bar); // redraws: the line is written above the bars left
    },
    log: say,
    stop() {
      if (!drawing) return;
      drawing = false;
      multibar.stop();
    },
  };
}
