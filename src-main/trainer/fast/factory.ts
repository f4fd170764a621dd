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
import { ConvSession, type ConvSessionOptions } from './conv-session';
import { freshStart, restoredStart, type StartState } from '../../../src-shared/engine/start-state';

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

function requireDense(config: RunConfig): void {
  requireSupported(config);
  if (config.features)
    throw new Error('fastSessionFactory trains dense networks; conv nets take convSessionFactory');
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
      requireDense(config);
      return new FastSession(config, data, freshStart(config, data), options);
    },
    restore(config: RunConfig, data: LoadedDataset, checkpoint: Uint8Array): FastSession {
      requireDense(config);
      return new FastSession(config, data, restoredStart(config, data, checkpoint), options);
    },
  };
}

/** A SessionFactory whose sessions are ConvSessions (close()). */
export interface ConvSessionFactory extends SessionFactory<RunConfig> {
  create(config: RunConfig, data: LoadedDataset): ConvSession;
  restore(config: RunConfig, data: LoadedDataset, checkpoint: Uint8Array): ConvSession;
}

/** The fast path's factory for conv nets (config.features): ConvSessions. */
export function convSessionFactory(options: ConvSessionOptions = {}): ConvSessionFactory {
  // Refused before the start state is built, so the reason, not a shape error, is what is seen.
  const make = (config: RunConfig, data: LoadedDataset, start: () => StartState) => {
    requireSupported(config);
    if (!config.features) throw new Error('convSessionFactory trains conv nets (config.features)');
    return new ConvSession(config, data, start(), options);
  };
  return {
    create: (config, data) => make(config, data, () => freshStart(config, data)),
    restore: (config, data, checkpoint) =>
      make(config, data, () => restoredStart(config, data, checkpoint)),
  };
}

/** The fast path for any config it takes: ConvSessions for conv nets, FastSessions otherwise
 * (both have close() and trainingThreads). */
export interface FastPathFactory extends SessionFactory<RunConfig> {
  create(config: RunConfig, data: LoadedDataset): FastSession | ConvSession;
  restore(
    config: RunConfig,
    data: LoadedDataset,
    checkpoint: Uint8Array,
  ): FastSession | ConvSession;
}

export function fastPathFactory(options: ConvSessionOptions = {}): FastPathFactory {
  const pick = (config: RunConfig) =>
    config.features ? convSessionFactory(options) : fastSessionFactory(options);
  return {
    create: (config, data) => pick(config).create(config, data),
    restore: (config, data, checkpoint) => pick(config).restore(config, data, checkpoint),
  };
}

/** The factory for config.engine: auto = fast when float32 and supported, else reference. */
export function selectSessionFactory(config: RunConfig): SessionFactory<RunConfig> {
  if (config.engine === 'reference') return referenceSessionFactory;
  if (config.engine === 'fast' || fastUnsupportedReason(config) === null) return fastPathFactory();
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
