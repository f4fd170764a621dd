/**
 * Loads the compiled fast kernel (out/kernels/fast.wasm, built by scripts/build-kernels.js in
 * `npm run build`) once per process. The file is found from the package root, the first folder
 * above this module that holds package.json, so the same code works from the TypeScript sources
 * (tests), from the bundle in out/main and from a packaged app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Opaque compiled module (structured-cloneable to worker threads). */
export type WasmModule = { readonly __brand: 'WebAssembly.Module' };

/** A WebAssembly.Memory; `shared: true` gives a SharedArrayBuffer. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The part of the WebAssembly JS API used here. The node project's lib (ES2023, no DOM) has no
 * WebAssembly types, so they are declared for this one access point instead of globally. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of fast.wasm (see src-main/trainer/kernels/assembly/fast.ts). */
export interface KernelExports {
  heapBase(): number;
  run(ctx: number, tid: number): void;
  runLocal(ctx: number, command: number, arg0: number, arg1: number, arg3: number): void;
  workerLoop(ctx: number, tid: number, seen: number): void;
  /** a = σ(z) for n floats with the kernel's vector activations (tests). */
  activate(act: number, z: number, a: number, n: number, hidden: number): void;
  /** C = A·B in float32 (bench: the core's SIMD GEMM peak); see kernels/assembly/_gemm.ts. */
  gemm(a: number, b: number, c: number, m: number, n: number, k: number): void;
}

export class KernelMissingError extends Error {
  override name = 'KernelMissingError';
}

let cached: WasmModule | null = null;

/** The package root above `from` (a file: URL or path). */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new KernelMissingError(`no package.json above ${from}`);
    dir = parent;
  }
}

/** Path of a compiled kernel, e.g. kernelPath('fast') → <root>/out/kernels/fast.wasm. */
export function kernelPath(name: string): string {
  return join(packageRoot(), 'out', 'kernels', `${name}.wasm`);
}

/** True when out/kernels/fast.wasm exists (the fast path can run). */
export function kernelAvailable(): boolean {
  try {
    return existsSync(kernelPath('fast'));
  } catch {
    return false;
  }
}

/** The compiled module, shared by every session and thread of this process. */
export function fastKernelModule(): WasmModule {
  if (cached) return cached;
  const path = kernelPath('fast');
  if (!existsSync(path)) {
    throw new KernelMissingError(
      `the fast kernel ${path} is not built; run \`npm run build\` (or use engine "reference")`,
    );
  }
  cached = new wasm.Module(readFileSync(path));
  return cached;
}

let heapBase: number | null = null;

/** First byte the host may use: the kernel's static data (math tables) lies below it. */
export function kernelHeapBase(): number {
  if (heapBase === null) {
    const scratch = new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    heapBase = instantiateKernel(scratch).heapBase();
  }
  return heapBase;
}

/** Instantiates the kernel on a shared memory (its only import). */
export function instantiateKernel(memory: WasmMemory): KernelExports {
  const instance = new wasm.Instance(fastKernelModule(), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
