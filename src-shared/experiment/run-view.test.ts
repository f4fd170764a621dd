import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../report/report.testing';
import {
  configLine,
  extentText,
  runExtent,
  runSource,
  shownConfig,
  trainedConfig,
} from './run-view';
import { loggedRun } from './run-view.testing';

const params = { optimizer: { name: 'adam', lr: 0.001 }, layers: [784, 128, 10] };
const metric = (step: number, epoch: number | null) => ({ key: 'loss', step, epoch, value: 1 });

const emptyFinal = {
  epochs: 0,
  trainCost: null,
  validationAccuracy: null,
  testAccuracy: null,
  testCost: null,
  bestValidationAccuracy: null,
  bestEpoch: null,
};

describe('a trained run', () => {
  const run = { ...fixtureRun(1, { layers: [784, 30, 10] }, 30), final: null };

  it('shows its RunConfig, its network line and epochs done of planned', () => {
    expect(runSource(run)).toBe('trained');
    expect(trainedConfig(run)).toBe(run.config);
    expect(shownConfig(run)).toBe(run.config);
    expect(configLine(run)).toBe('784-30-10 · sigmoid · quadratic · η 3 · batch 10');
    expect(extentText({ ...run, final: { ...emptyFinal, epochs: 12 } })).toBe('12/30');
  });
});

describe('a logged run', () => {
  it('shows its params, never the placeholder network', () => {
    const run = loggedRun(2, params, [metric(0, 0), metric(900, 2)]);
    expect(runSource(run)).toBe('logged');
    expect(trainedConfig(run)).toBeNull();
    expect(shownConfig(run)).toEqual(params);
    expect(configLine(run)).toBe('logged · 2 params');
    expect(configLine(run)).not.toContain('1-1');
  });

  it('takes its epochs and steps from its metrics, with no planned epochs', () => {
    const run = loggedRun(2, params, [metric(0, 0), metric(900, 2)]);
    expect(runExtent(run)).toEqual({ epochs: 2, plannedEpochs: null, steps: 900 });
    expect(extentText(run)).toBe('2 epochs, step 900');
    expect(extentText(loggedRun(3, {}, [metric(50, null)]))).toBe('step 50');
    expect(extentText(loggedRun(4, {}))).toBe('nothing logged');
  });
});
