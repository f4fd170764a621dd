/**
 * The one place that chooses the engine for a run (config.engine: auto | reference | fast):
 * `reference` is the readable engine; `fast` is the WebAssembly path of ./fast; `auto` takes the
 * fast path when it can serve the config (float32, kernel built) and the reference engine
 * otherwise. The decision per config lives in ./fast/factory.ts (selectSessionFactory).
 */
import type { RunConfig } from '../../src-shared/experiment/config';
import type { SessionFactory } from '../../src-shared/engine/session';
import { sessionFactoryFor } from './fast/factory';

export function chooseSessionFactory(engine: RunConfig['engine']): SessionFactory<RunConfig> {
  return sessionFactoryFor(engine);
}
