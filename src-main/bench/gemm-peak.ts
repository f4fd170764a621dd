/**
 * The single-core float32 GEMM peak of this machine, measured on the spot by the kernel's own
 * SIMD GEMM (kernels/assembly/_gemm.ts): square products small enough to stay in cache, timed
 * in batches of repetitions, the best batch kept (the peak is what the core can do when nothing
 * else disturbs it). The dense workload's GFLOP/s are set against it.
 */
import { instantiateKernel, kernelHeapBase, wasm } from '../trainer/fast/kernel-module';

export interface GemmPeak {
  /** m = n = k of the product timed. */
  size: number;
  gflops: number;
}

/** C = A·B for `size`-square float32 matrices (a multiple of 8), for about `seconds` in all. */
export function measureGemmPeak(size = 128, seconds = 0.5): GemmPeak {
  const bytes = 4 * size * size;
  const base = Math.ceil(kernelHeapBase() / 64) * 64;
  const pages = Math.ceil((base + 3 * bytes + 64) / 65536);
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  const kernel = instantiateKernel(memory);
  const [a, b, c] = [base, base + bytes, base + 2 * bytes];
  const f32 = new Float32Array(memory.buffer);
  for (let i = 0; i < 2 * size * size; i++) f32[a / 4 + i] = ((i * 7919) % 1000) / 1000 - 0.5;
  const flops = 2 * size ** 3;
  // Enough repetitions per batch for about 20 ms, after one untimed warm-up call.
  kernel.gemm(a, b, c, size, size, size);
  const reps = Math.max(1, Math.round(0.02 / (flops / 2e9)));
  let best = Infinity;
  const end = performance.now() + seconds * 1000;
  do {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) kernel.gemm(a, b, c, size, size, size);
    best = Math.min(best, (performance.now() - t0) / 1000 / reps);
  } while (performance.now() < end);
  return { size, gflops: flops / best / 1e9 };
}
