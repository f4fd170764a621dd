/**
 * The threads of a fast conv session: threads.ts's scheme (thread 0 is the caller, workers are
 * worker_threads on the same shared memory waiting in the kernel's mailbox, _sync.ts) with the
 * conv kernel's loop and commands (_conv.ts). A separate class rather than an option of
 * ThreadPool: that one also runs the dense path's snapshot scoring, which conv sessions do not use.
 */
import { Worker } from 'node:worker_threads';
import * as K from '../kernels/assembly/_layout';
import { CMD_CONV_STOP } from '../kernels/assembly/_convlayout';
import { fastKernelModule, type WasmMemory } from './kernel-module';
import { instantiateConvKernel, type ConvKernelExports } from './conv-kernel';

const START_TIMEOUT_MS = 30_000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctx, tid, seen, ready } = workerData;
const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
const words = new Int32Array(memory.buffer);
Atomics.add(words, ready, 1);
Atomics.notify(words, ready);
kernel.convWorkerLoop(ctx, tid, seen);
`;

export class ConvThreadPool {
  readonly kernel: ConvKernelExports;
  private readonly words: Int32Array;
  private readonly base: number;
  private workers: Worker[] = [];
  private posted = false;

  /** Starts `threads − 1` workers and blocks until each has instantiated the kernel. */
  constructor(
    memory: WasmMemory,
    private readonly ctx: number,
    readonly threads: number,
  ) {
    this.kernel = instantiateConvKernel(memory);
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
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (let n = Atomics.load(this.words, ready); n < threads - 1;) {
      if (performance.now() > deadline) {
        this.close();
        throw new Error(`fast conv engine: ${threads - 1 - n} worker threads did not start`);
      }
      Atomics.wait(this.words, ready, n, 100);
      n = Atomics.load(this.words, ready);
    }
  }

  /** Runs one command on every thread (after close(), on this one alone: the same results). */
  run(command: number, arg0: number, arg1: number, arg3 = 0): void {
    const P = this.workers.length + 1;
    if (P === 1) {
      this.kernel.convRunLocal(this.ctx, command, arg0, arg1, arg3);
      return;
    }
    this.post(command, arg0, arg1, P, arg3);
    this.kernel.convRun(this.ctx, 0);
  }

  /** The mailbox protocol of threads.ts: the next command only once every worker took the last. */
  private post(command: number, arg0: number, arg1: number, P: number, arg3: number): void {
    const w = this.words;
    const b = this.base;
    if (this.posted) {
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

  /** Lets the workers end; idempotent. */
  close(): void {
    if (this.workers.length === 0) return;
    this.post(CMD_CONV_STOP, 0, 0, 1, 0);
    this.workers = [];
  }
}
