/**
 * `backprop bench` measures its conv workload (ch.6's shallow net) on the fast path through the
 * conv session: the bench's own measurement on a slice of MNIST, two threads forced to train.
 */
import { describe, expect, it } from 'vitest';
import { inProcessSink } from '../../bench/epoch-store';
import { measuredConfig, measureWorkload, type MeasureSpec } from '../../bench/measure';
import { fastUnsupportedReason } from './factory';
import { kernelAvailable } from './kernel-module';
import { mnistInstalled } from './fast.testing';

const ready = mnistInstalled() && kernelAvailable();
if (!ready) console.warn('conv-bench.test: MNIST or the fast kernel missing, skipped');

describe.skipIf(!ready)('the bench’s conv workload on the fast path', () => {
  it('is measured by the conv session, on the threads it was given', async () => {
    const spec: MeasureSpec = {
      workload: 'shallow-conv',
      engine: 'fast',
      threads: 2,
      trainThreads: 2,
      epochs: 1,
      subset: 200,
      overrides: { validationSize: 100, testSize: 100, probeSize: 50 },
    };
    const config = measuredConfig(spec);
    expect(fastUnsupportedReason(config)).toBeNull();
    const m = await measureWorkload(spec, inProcessSink(config));
    expect(m.engine).toBe('fast');
    expect(m.trainingThreads).toBe(2);
    expect(m.epochSeconds).toHaveLength(1);
    expect(m.gflops).toBeGreaterThan(0);
    // Scored: after 1,000 images the net is still near chance (the reference engine too).
    expect(m.testAccuracy).not.toBeNull();
  });
});
