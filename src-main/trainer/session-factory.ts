/**
 * The one place that chooses the engine for a run (config.engine: auto | reference | fast).
 * The readable reference engine serves every config; the WebAssembly fast path will plug in here.
 */
import type { RunConfig } from '../../src-shared/experiment/config';
import type { SessionFactory } from '../../src-shared/engine/session';
import { referenceSessionFactory } from '../../src-shared/engine/reference-session';

export function chooseSessionFactory(engine: RunConfig['engine']): SessionFactory {
  if (engine === 'fast') {
    throw new Error('engine "fast" is not available in this build; use "auto" or "reference"');
  }
  return referenceSessionFactory;
}
