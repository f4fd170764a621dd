/**
 * Choosing the engine of a run (config.engine): `reference` is the readable engine for every
 * config; `fast` is this folder's WebAssembly path and serves float32 runs; `auto` takes the fast
 * path whenever it can serve the config and the reference engine otherwise.
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import { parameterCount } from '../../../src-shared/engine/validate-shape';
import { referenceSessionFactory } from '../../../src-shared/engine/reference-session';
import type { SessionFactory } from '../../../src-shared/engine/session';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { MAX_LAYERS, MAX_THREADS } from '../kernels/assembly/_layout';
import { kernelAvailable } from './kernel-module';
import { FastSession, type FastOptions } from './session';
import { freshStart, restoredStart } from '../../../src-shared/engine/start-state';

/** Parameter bytes the fast path may hold: its memory is one wasm32 memory of at most 4 GiB, which
 * also holds the data and the activation buffers. */
const MAX_PARAMETER_BYTES = 2 ** 31;

/** Why the fast path cannot run `config`, or null when it can. */
export function fastUnsupportedReason(config: RunConfig): string | null {
  const copies = config.momentum > 0 || config.l2 > 0 || config.l1 > 0 ? 3 : 1;
  if (4 * copies * parameterCount(config.layers) > MAX_PARAMETER_BYTES)
    return `layers ${config.layers.join('-')} (too many weights for the fast path's 4 GiB memory)`;
  if (config.precision !== 'float32')
    return `precision ${config.precision} (the fast path computes in float32)`;
  if (config.layers.length - 1 > MAX_LAYERS)
    return `${config.layers.length - 1} weight layers (the fast path takes at most ${MAX_LAYERS})`;
  if ((config.threads ?? 1) > MAX_THREADS)
    return `threads ${config.threads} (the fast path takes at most ${MAX_THREADS})`;
  if (!kernelAvailable()) return 'the kernel out/kernels/fast.wasm is not built (npm run build)';
  return null;
}

function requireSupported(config: RunConfig): void {
  const reason = fastUnsupportedReason(config);
  if (reason) throw new Error(`engine "fast" cannot run this config: ${reason}`);
}

/** A SessionFactory whose sessions are FastSessions (close(), trainingThreads). */
export interface FastSessionFactory extends SessionFactory<RunConfig> {
  create(config: RunConfig, data: LoadedDataset): FastSession;
  restore(config: RunConfig, data: LoadedDataset, checkpoint: Uint8Array): FastSession;
}

/** The fast path's factory; `options` tune threads for tests and the benchmark. */
export function fastSessionFactory(options: FastOptions = {}): FastSessionFactory {
  return {
    create(config: RunConfig, data: LoadedDataset): FastSession {
      requireSupported(config);
      return new FastSession(config, data, freshStart(config, data), options);
    },
    restore(config: RunConfig, data: LoadedDataset, checkpoint: Uint8Array): FastSession {
      requireSupported(config);
      return new FastSession(config, data, restoredStart(config, data, checkpoint), options);
    },
  };
}

/** The factory for config.engine: auto = fast when float32 and supported, else reference. */
export function selectSessionFactory(config: RunConfig): SessionFactory<RunConfig> {
  if (config.engine === 'reference') return referenceSessionFactory;
  if (config.engine === 'fast' || fastUnsupportedReason(config) === null)
    return fastSessionFactory();
  return referenceSessionFactory;
}

/** For hosts that choose by engine name before they see the config (the trainer's
 * chooseFactory): a factory that decides per run with selectSessionFactory. */
export function sessionFactoryFor(engine: RunConfig['engine']): SessionFactory<RunConfig> {
  const pick = (config: RunConfig) => selectSessionFactory({ ...config, engine });
  return {
    create: (config, data) => pick(config).create(config, data),
    restore: (config, data, checkpoint) => pick(config).restore(config, data, checkpoint),
  };
}
