import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import { referenceSessionFactory } from '../../../src-shared/engine/reference-session';
import { fastUnsupportedReason, selectSessionFactory, sessionFactoryFor } from './factory';
import { kernelAvailable } from './kernel-module';
import { FastSession } from './session';
import { sparseData } from './fast.testing';

const built = kernelAvailable();
if (!built) console.warn('factory.test: skipped, out/kernels/fast.wasm is not built');
const data = sparseData(20, 4, 2);

describe.skipIf(!built)('choosing the engine', () => {
  it('auto takes the fast path for float32 runs', () => {
    const config = testConfig({ layers: [4, 3, 2] });
    expect(config.engine).toBe('auto');
    expect(selectSessionFactory(config).create(config, data)).toBeInstanceOf(FastSession);
  });

  it('auto takes the reference engine for float64 runs, and "reference" always does', () => {
    expect(selectSessionFactory(testConfig({ layers: [4, 3, 2], precision: 'float64' }))).toBe(
      referenceSessionFactory,
    );
    expect(selectSessionFactory(testConfig({ layers: [4, 3, 2], engine: 'reference' }))).toBe(
      referenceSessionFactory,
    );
  });

  it('"fast" with float64 fails with a message naming the precision', () => {
    const config = testConfig({ layers: [4, 3, 2], precision: 'float64', engine: 'fast' });
    expect(fastUnsupportedReason(config)).toMatch(/precision float64/);
    expect(() => selectSessionFactory(config).create(config, data)).toThrow(/precision float64/);
  });

  it('auto leaves networks too large for a 4 GiB memory to the reference engine', () => {
    const config = testConfig({ layers: [4, 30_000, 30_000, 2], momentum: 0.5 });
    expect(fastUnsupportedReason(config)).toMatch(/too many weights/);
    expect(selectSessionFactory(config)).toBe(referenceSessionFactory);
  });

  it('sessionFactoryFor(engine) decides per run from the config', () => {
    const factory = sessionFactoryFor('auto');
    const fast = factory.create(testConfig({ layers: [4, 3, 2] }), data);
    const ref = factory.create(testConfig({ layers: [4, 3, 2], precision: 'float64' }), data);
    expect(fast).toBeInstanceOf(FastSession);
    expect(ref).not.toBeInstanceOf(FastSession);
  });

  it('a config that does not fit the data fails before anything is allocated', () => {
    const config = testConfig({ layers: [5, 3, 2] });
    expect(() => selectSessionFactory(config).create(config, data)).toThrow(/layers\[0\]/);
  });
});
