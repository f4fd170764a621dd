/**
 * Choosing the engine of a run (config.engine): `reference` is the readable engine for every
 * config; `fast` is this folder's WebAssembly path and serves float32 runs; `auto` takes the fast
 * path whenever it can serve the config and the reference engine otherwise.
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import { fastConfigProblem } from '../../../src-shared/experiment/fast-engine';
import { referenceSessionFactory } from '../../../src-shared/engine/reference-session';
import type { SessionFactory } from '../../../src-shared/engine/session';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { kernelAvailable } from './kernel-module';
import { FastSession, type FastOptions } from './session';
import { freshStart, restoredStart } from '../../../src-shared/engine/start-state';

/** Why the fast path cannot run `config` here, or null when it can. */
export function fastUnsupportedReason(config: RunConfig): string | null {
  const problem = fastConfigProblem(config);
  if (problem) return problem;
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
