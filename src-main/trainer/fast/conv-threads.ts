/**
 * The threads of a fast conv session: mailbox.ts's workers and mailbox with the conv kernel's loop
 * and commands (_conv.ts). A separate class rather than an option of ThreadPool: that one also runs
 * the dense path's snapshot scoring, which conv sessions do not use.
 */
import { CMD_CONV_STOP } from '../kernels/assembly/_convlayout';
import type { WasmMemory } from './kernel-module';
import { instantiateConvKernel, type ConvKernelExports } from './conv-kernel';
import { WorkerMailbox } from './mailbox';

export class ConvThreadPool {
  readonly kernel: ConvKernelExports;
  private readonly mailbox: WorkerMailbox;

  /** Starts `threads − 1` workers and blocks until each has instantiated the kernel. */
  constructor(
    memory: WasmMemory,
    private readonly ctx: number,
    readonly threads: number,
  ) {
    this.kernel = instantiateConvKernel(memory);
    const kernel = { loop: 'convWorkerLoop', stop: CMD_CONV_STOP, engine: 'fast conv engine' };
    this.mailbox = new WorkerMailbox(memory, ctx, threads, kernel);
  }

  /** Runs one command on every thread (after close(), on this one alone: the same results). */
  run(command: number, arg0: number, arg1: number, arg3 = 0): void {
    const P = this.mailbox.workerCount + 1;
    if (P === 1) {
      this.kernel.convRunLocal(this.ctx, command, arg0, arg1, arg3);
      return;
    }
    this.mailbox.post(command, arg0, arg1, P, arg3);
    this.kernel.convRun(this.ctx, 0);
  }

  /** Lets the workers end; idempotent. */
  close(): void {
    this.mailbox.stop(true);
  }
}
