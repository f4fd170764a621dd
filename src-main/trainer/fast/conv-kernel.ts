/**
 * The conv kernel's exports (kernels/assembly/_conv.ts, compiled into fast.wasm with the dense
 * kernel): kernel-module.ts's KernelExports lists the dense ones; this file adds the conv ones
 * without touching it.
 */
import { instantiateKernel, type KernelExports, type WasmMemory } from './kernel-module';

export interface ConvKernelExports extends KernelExports {
  /** Stage s of the context at ctx: x [C, H, W] → z, a = σ(z) in the workspace ws. */
  convForward(ctx: number, s: number, x: number, ws: number): void;
  /** From gA = ∂C/∂a: δ, ∂C/∂w then ∂C/∂b at grad, ∂C/∂x at gX (0: none). */
  convBackward(ctx: number, s: number, ws: number, gA: number, grad: number, gX: number): void;
  poolForward(ctx: number, s: number, x: number, ws: number): void;
  poolBackward(ctx: number, s: number, ws: number, gY: number, gX: number): void;
  convRun(ctx: number, tid: number): void;
  convRunLocal(ctx: number, command: number, arg0: number, arg1: number, arg3: number): void;
  convWorkerLoop(ctx: number, tid: number, seen: number): void;
}

export function instantiateConvKernel(memory: WasmMemory): ConvKernelExports {
  return instantiateKernel(memory) as ConvKernelExports;
}
