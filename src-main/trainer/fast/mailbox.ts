/**
 * The worker threads of a fast session and the mailbox they read commands from, one scheme for
 * both kernels (threads.ts for dense nets, conv-threads.ts for conv nets). Thread 0 is the caller's
 * own thread; threads 1 … T−1 are worker_threads that instantiate the same kernel on the same
 * shared memory and wait in the kernel's worker loop (`loop`) for commands. Nothing is copied per
 * thread: data, weights and buffers are all in the one shared WebAssembly.Memory.
 *
 * The workers run a few lines of JavaScript given as source (`eval: true`) rather than a module
 * file: all their work is in the kernel, and the trainer bundle then needs no extra build entry
 * (works the same from the TypeScript sources under vitest, from out/main and in Electron).
 */
import { Worker } from 'node:worker_threads';
import * as K from '../kernels/assembly/_layout';
import { fastKernelModule, type WasmMemory } from './kernel-module';

const START_TIMEOUT_MS = 30_000;

/** The worker's source: instantiate, say ready, then run the kernel's loop `loop` (an export). */
function workerSource(loop: string): string {
  return `
const { workerData } = require('node:worker_threads');
const { module, memory, ctx, tid, seen, ready } = workerData;
const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
const words = new Int32Array(memory.buffer);
Atomics.add(words, ready, 1);
Atomics.notify(words, ready);
kernel.${loop}(ctx, tid, seen);
`;
}

/** Which kernel the workers run: its worker loop (an export), its stop command, and the engine's
 * name for errors. */
export interface MailboxKernel {
  loop: string;
  stop: number;
  engine: string;
}

export class WorkerMailbox {
  private readonly words: Int32Array;
  private readonly base: number;
  private workers: Worker[] = [];
  /** A command was posted, so the next post waits until every worker has read it. */
  private posted = false;

  /** Starts `threads − 1` workers running the kernel's worker loop and blocks until each has
   * instantiated the kernel. */
  constructor(
    memory: WasmMemory,
    ctx: number,
    readonly threads: number,
    private readonly kernel: MailboxKernel,
  ) {
    this.words = new Int32Array(memory.buffer);
    this.base = ctx / 4;
    const module = fastKernelModule();
    const seen = Atomics.load(this.words, this.base + K.S_COMMAND_SEQ);
    const ready = this.base + K.S_READY;
    const source = workerSource(kernel.loop);
    for (let tid = 1; tid < threads; tid++) {
      const workerData = { module, memory, ctx, tid, seen, ready };
      const worker = new Worker(source, { eval: true, workerData });
      worker.unref();
      this.workers.push(worker);
    }
    this.waitReady(ready);
  }

  /** Workers still running (0 after stop()). */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Words of the shared memory at the context (the kernel's sync words are there). */
  word(index: number): number {
    return Atomics.load(this.words, this.base + index);
  }

  /** Blocks while the sync word `index` still holds `value`. */
  waitWhile(index: number, value: number): void {
    const at = this.base + index;
    while (Atomics.load(this.words, at) === value) Atomics.wait(this.words, at, value);
  }

  private waitReady(ready: number): void {
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (;;) {
      const n = Atomics.load(this.words, ready);
      if (n >= this.threads - 1) return;
      if (performance.now() > deadline) {
        this.stop(false);
        throw new Error(
          `${this.kernel.engine}: ${this.threads - 1 - n} worker threads did not start`,
        );
      }
      Atomics.wait(this.words, ready, n, 100);
    }
  }

  /** Writes a command into the mailbox and wakes the workers, once every worker has read the
   * previous one unless `wait` is false (see run() in kernels/assembly/fast.ts). */
  post(command: number, arg0: number, arg1: number, P: number, arg3: number, wait = true): void {
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

  /** Posts the kernel's stop command (`wait` as post) and forgets the workers; idempotent. */
  stop(wait: boolean): void {
    if (this.workers.length === 0) return;
    this.post(this.kernel.stop, 0, 0, 1, 0, wait);
    this.workers = [];
  }
}
