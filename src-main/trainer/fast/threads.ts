/**
 * The threads of one fast session (mailbox.ts: thread 0 is the caller's own thread, the others
 * worker_threads in the kernel's `workerLoop`), the commands of the dense kernel, and thread 1
 * scoring a snapshot while this thread trains.
 */
import * as K from '../kernels/assembly/_layout';
import { instantiateKernel, type KernelExports, type WasmMemory } from './kernel-module';
import { WorkerMailbox } from './mailbox';

export class ThreadPool {
  readonly kernel: KernelExports;
  private readonly mailbox: WorkerMailbox;
  /** S_SNAPSHOT_DONE before the snapshot evaluation in flight, or null. */
  private snapshotTicket: number | null = null;

  /** Starts `threads − 1` workers and blocks until each has instantiated the kernel. */
  constructor(
    memory: WasmMemory,
    private readonly ctx: number,
    readonly threads: number,
  ) {
    this.kernel = instantiateKernel(memory);
    const kernel = { loop: 'workerLoop', stop: K.CMD_STOP, engine: 'fast engine' };
    this.mailbox = new WorkerMailbox(memory, ctx, threads, kernel);
  }

  /** Runs one command on `participants` threads (this one included) and returns when all are
   * done. After close() only this thread is left, which gives the same results. A command for
   * this thread alone does not go through the mailbox, so a worker scoring a snapshot can still
   * read its own command there. */
  run(command: number, arg0: number, arg1: number, participants: number, arg3 = 0): void {
    if (!Number.isInteger(participants) || participants < 1)
      throw new Error(`fast engine: participants must be a whole number ≥ 1, got ${participants}`);
    const P = Math.max(1, Math.min(participants, this.mailbox.workerCount + 1));
    // A worker scoring a snapshot uses the mailbox's command, the splits' result arrays and the
    // probe's sums.
    if ((P > 1 || command !== K.CMD_TRAIN) && this.snapshotTicket !== null)
      throw new Error('fast engine: a worker is busy scoring a snapshot');
    if (P === 1) {
      this.kernel.runLocal(this.ctx, command, arg0, arg1, arg3);
      return;
    }
    this.mailbox.post(command, arg0, arg1, P, arg3);
    this.kernel.run(this.ctx, 0);
  }

  /** Whether a worker can score a snapshot while this thread trains. */
  get canScoreSnapshots(): boolean {
    return this.mailbox.workerCount > 0;
  }

  /** Thread 1 starts scoring every split through the snapshot context at `snapshotCtx`, then
   * the probe's first `probeCount` examples of split `probeSplit` (CMD_EVALUATE_SNAPSHOT);
   * returns at once. Only commands for this thread alone may run until waitSnapshot(). */
  scoreSnapshot(snapshotCtx: number, probeSplit = 0, probeCount = 0): void {
    if (!this.canScoreSnapshots) throw new Error('fast engine: no worker thread to score with');
    if (this.snapshotTicket !== null) throw new Error('fast engine: a snapshot is being scored');
    this.snapshotTicket = this.mailbox.word(K.S_SNAPSHOT_DONE);
    this.mailbox.post(K.CMD_EVALUATE_SNAPSHOT, snapshotCtx, probeSplit, 1, probeCount);
  }

  /** Looks (without waiting) whether the snapshot started by scoreSnapshot() is still being
   * scored; once it says no, the scoring is over and any command may run again. */
  stillScoring(): boolean {
    const ticket = this.snapshotTicket;
    if (ticket === null) return false;
    if (this.mailbox.word(K.S_SNAPSHOT_DONE) === ticket) return true;
    this.snapshotTicket = null;
    return false;
  }

  /** Blocks until the snapshot started by scoreSnapshot() is scored. */
  waitSnapshot(): void {
    const ticket = this.snapshotTicket;
    if (ticket === null) return;
    this.mailbox.waitWhile(K.S_SNAPSHOT_DONE, ticket);
    this.snapshotTicket = null;
  }

  /** Lets the workers leave their loop and end (after a snapshot being scored). Idempotent. */
  close(): void {
    this.waitSnapshot();
    // Stop is the last word: a worker still to read the previous command reads this instead.
    this.mailbox.stop(false);
  }
}
