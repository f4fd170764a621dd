/**
 * What the "fast" engine (the WebAssembly SIMD path in src-main/trainer/fast) can run, decided from
 * the config alone, so run admission can refuse a config before it is queued rather than fail it
 * once a trainer starts. The kernel's context block is sized by these limits.
 */
import { parameterCount } from '../engine/validate-shape';
import type { RunConfig } from './config';
import { fastConvProblem } from './fast-conv';
import { fastConvMemoryProblem } from './fast-conv-memory';

/** Weight layers the kernel's context block has room for. */
export const FAST_MAX_LAYERS = 16;
/** Threads the kernel's context block has room for. */
export const FAST_MAX_THREADS = 64;
/** Parameter bytes the fast path may hold: its memory is one wasm32 memory of at most 4 GiB, which
 * also holds the data and the activation buffers. */
export const FAST_MAX_PARAMETER_BYTES = 2 ** 31;

/** Why the fast engine cannot run `config`, or null when it can. */
export function fastConfigProblem(config: RunConfig): string | null {
  const book = bookFeatureProblem(config);
  if (book) return book;
  const copies = parameterCopies(config);
  if (4 * copies * parameterCount(config.layers) > FAST_MAX_PARAMETER_BYTES)
    return `layers ${config.layers.join('-')} (too many weights for the fast path's 4 GiB memory)`;
  if (config.precision !== 'float32')
    return `precision ${config.precision} (the fast path computes in float32)`;
  if (config.layers.length - 1 > FAST_MAX_LAYERS)
    return `${config.layers.length - 1} weight layers (the fast path takes at most ${FAST_MAX_LAYERS})`;
  if ((config.threads ?? 1) > FAST_MAX_THREADS)
    return `threads ${config.threads} (the fast path takes at most ${FAST_MAX_THREADS})`;
  return null;
}

/** Arrays of the parameters' size the kernel keeps: the weights; gradient sums and velocities
 * or second moments when a step runs once per batch; Adam's first moments. */
function parameterCopies(config: RunConfig): number {
  const kind = config.optimizer?.kind;
  if (kind === 'adam') return 4;
  const perBatch = config.momentum > 0 || config.l2 > 0 || config.l1 > 0;
  return perBatch || kind === 'nesterov' || kind === 'rmsprop' ? 3 : 1;
}

/** Issue 21's additions on conv nets: fast-conv.ts says what the conv session cannot train,
 * fast-conv-memory.ts what cannot fit its memory. Every optimizer, dropout on dense layers and the
 * expanded training set are trained by the dense fast path and by the conv session. */
function bookFeatureProblem(config: RunConfig): string | null {
  if (config.features) return fastConvProblem(config) ?? fastConvMemoryProblem(config);
  return null;
}
