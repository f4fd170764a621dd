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
   * done. After close() only this thread is left, which gives the same results. */
  run(command: number, arg0: number, arg1: number, participants: number, arg3 = 0): void {
    if (!Number.isInteger(participants) || participants < 1)
      throw new Error(`fast engine: participants must be a whole number ≥ 1, got ${participants}`);
    const available = this.workers.length + 1;
    const w = this.words;
    const b = this.base;
    w[b + K.S_COMMAND] = command;
    w[b + K.S_ARG0] = arg0;
    w[b + K.S_ARG1] = arg1;
    w[b + K.S_ARG3] = arg3;
    w[b + K.S_ARG2] = Math.max(1, Math.min(participants, available));
    if (available > 1) {
      Atomics.add(w, b + K.S_COMMAND_SEQ, 1);
      Atomics.notify(w, b + K.S_COMMAND_SEQ);
    }
    this.kernel.run(this.ctx, 0);
  }

  /** Lets the workers leave their loop and end. Idempotent. */
  close(): void {
    if (this.workers.length === 0) return;
    const w = this.words;
    w[this.base + K.S_COMMAND] = K.CMD_STOP;
    Atomics.add(w, this.base + K.S_COMMAND_SEQ, 1);
    Atomics.notify(w, this.base + K.S_COMMAND_SEQ);
    this.workers = [];
  }
}
