/**
 * The threads of one fast session. Thread 0 is the caller's own thread; threads 1 … T−1 are
 * worker_threads that instantiate the same kernel on the same shared memory and wait in the
 * kernel's `workerLoop` for commands. Nothing is copied per thread: data, weights and buffers
 * are all in the one shared WebAssembly.Memory.
 *
 * The workers run a few lines of JavaScript given as source (`eval: true`) rather than a module
 * file: all their work is in the kernel, and the trainer bundle then needs no extra build entry
 * (works the same from the TypeScript sources under vitest, from out/main and in Electron).
 */
import { Worker } from 'node:worker_threads';
import * as K from '../kernels/assembly/_layout';
import {
  fastKernelModule,
  instantiateKernel,
  type KernelExports,
  type WasmMemory,
} from './kernel-module';

const START_TIMEOUT_MS = 30_000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctx, tid, seen, ready } = workerData;
const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
const words = new Int32Array(memory.buffer);
Atomics.add(words, ready, 1);
Atomics.notify(words, ready);
kernel.workerLoop(ctx, tid, seen);
`;

export class ThreadPool {
  readonly kernel: KernelExports;
  private readonly words: Int32Array;
  private readonly base: number;
  private workers: Worker[] = [];
  /** S_SNAPSHOT_DONE before the snapshot evaluation in flight, or null. */
  private snapshotTicket: number | null = null;
  /** A command was posted, so the next post waits until every worker has read it. */
  private posted = false;

  /** Starts `threads − 1` workers and blocks until each has instantiated the kernel. */
  constructor(
    memory: WasmMemory,
    private readonly ctx: number,
    readonly threads: number,
  ) {
    this.kernel = instantiateKernel(memory);
    this.words = new Int32Array(memory.buffer);
    this.base = ctx / 4;
    const module = fastKernelModule();
    const seen = Atomics.load(this.words, this.base + K.S_COMMAND_SEQ);
    const ready = this.base + K.S_READY;
    for (let tid = 1; tid < threads; tid++) {
      const workerData = { module, memory, ctx, tid, seen, ready };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker.unref();
      this.workers.push(worker);
    }
    this.waitReady(ready);
  }

  private waitReady(ready: number): void {
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (;;) {
      const n = Atomics.load(this.words, ready);
      if (n >= this.threads - 1) return;
      if (performance.now() > deadline) {
        this.close();
        throw new Error(`fast engine: ${this.threads - 1 - n} worker threads did not start`);
      }
      Atomics.wait(this.words, ready, n, 100);
    }
  }

  /** Runs one command on `participants` threads (this one included) and returns when all are
   * done. After close() only this thread is left, which gives the same results. A command for
   * this thread alone does not go through the mailbox, so a worker scoring a snapshot can still
   * read its own command there. */
  run(command: number, arg0: number, arg1: number, participants: number, arg3 = 0): void {
    if (!Number.isInteger(participants) || participants < 1)
      throw new Error(`fast engine: participants must be a whole number ≥ 1, got ${participants}`);
    const P = Math.max(1, Math.min(participants, this.workers.length + 1));
    // A worker scoring a snapshot uses the mailbox's command, the splits' result arrays and the
    // probe's sums.
    if ((P > 1 || command !== K.CMD_TRAIN) && this.snapshotTicket !== null)
      throw new Error('fast engine: a worker is busy scoring a snapshot');
    if (P === 1) {
      this.kernel.runLocal(this.ctx, command, arg0, arg1, arg3);
      return;
    }
    this.post(command, arg0, arg1, P, arg3);
    this.kernel.run(this.ctx, 0);
  }

  /** Whether a worker can score a snapshot while this thread trains. */
  get canScoreSnapshots(): boolean {
    return this.workers.length > 0;
  }

  /** Thread 1 starts scoring every split through the snapshot context at `snapshotCtx`, then
   * the probe's first `probeCount` examples of split `probeSplit` (CMD_EVALUATE_SNAPSHOT);
   * returns at once. Only commands for this thread alone may run until waitSnapshot(). */
  scoreSnapshot(snapshotCtx: number, probeSplit = 0, probeCount = 0): void {
    if (!this.canScoreSnapshots) throw new Error('fast engine: no worker thread to score with');
    if (this.snapshotTicket !== null) throw new Error('fast engine: a snapshot is being scored');
    this.snapshotTicket = Atomics.load(this.words, this.base + K.S_SNAPSHOT_DONE);
    this.post(K.CMD_EVALUATE_SNAPSHOT, snapshotCtx, probeSplit, 1, probeCount);
  }

  /** Blocks until the snapshot started by scoreSnapshot() is scored. */
  waitSnapshot(): void {
    const ticket = this.snapshotTicket;
    if (ticket === null) return;
    const at = this.base + K.S_SNAPSHOT_DONE;
    while (Atomics.load(this.words, at) === ticket) Atomics.wait(this.words, at, ticket);
    this.snapshotTicket = null;
  }

  /** Writes a command into the mailbox and wakes the workers, once every worker has read the
   * previous one (see run() in kernels/assembly/fast.ts). */
  private post(
    command: number,
    arg0: number,
    arg1: number,
    P: number,
    arg3: number,
    wait = true,
  ): void {
    const w = this.words;
    const b = this.base;
    if (this.posted && wait) {
      const taken = b + K.S_TAKEN;
      for (let n = Atomics.load(w, taken); n < this.workers.length; n = Atomics.load(w, taken))
        Atomics.wait(w, taken, n, 1);
    }
    Atomics.store(w, b + K.S_TAKEN, 0);
    w[b + K.S_COMMAND] = command;
    w[b + K.S_ARG0] = arg0;
    w[b + K.S_ARG1] = arg1;
    w[b + K.S_ARG3] = arg3;
    w[b + K.S_ARG2] = P;
    this.posted = true;
    Atomics.add(w, b + K.S_COMMAND_SEQ, 1);
    Atomics.notify(w, b + K.S_COMMAND_SEQ);
  }

  /** Lets the workers leave their loop and end (after a snapshot being scored). Idempotent. */
  close(): void {
    this.waitSnapshot();
    if (this.workers.length === 0) return;
    // Stop is the last word: a worker still to read the previous command reads this instead.
    this.post(K.CMD_STOP, 0, 0, 1, 0, false);
    this.workers = [];
  }
}
