import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-shared/contract/services';
import type { RunDetail, RunSummary } from '../../../src-shared/contract/types';
import { expandSweep, type SweepSpecInput } from '../../../src-shared/experiment/sweep';
import { diagnose } from '../../../src-shared/diagnostics/doctor';
import { foundingEpoch0, runSummary } from '../../../src-shared/diagnostics/doctor/records.testing';
import { createDoctorService, fixSeeds, fixWords, valueWords } from './service';
import { getPath } from '../../../src-shared/base/values';

/** Fake runs + queue services: runs.get returns the founding run; enqueueSweep expands the spec
 * the way the real queue does (expandSweep), numbers the runs from 100 and keeps the parsed spec
 * as the store keeps it with the experiment, which fixTestsOf hands back. */
function fakes(detail: RunDetail) {
  const sweeps: SweepSpecInput[] = [];
  const stored: { id: number; spec: unknown; runs: RunSummary[] }[] = [];
  const runs = {
    async get(id: number) {
      if (id !== detail.id) throw new Error(`Run ${id} not found`);
      return detail;
    },
    // Newest first, as the real runs.list answers.
    async list(query: { experimentId: number }) {
      return [...(stored.find((e) => e.id === query.experimentId)?.runs ?? [])].reverse();
    },
  } as unknown as Services['runs'];
  const queue = {
    async enqueueSweep(input: SweepSpecInput): Promise<RunSummary[]> {
      sweeps.push(input);
      const { spec, configs, tags } = expandSweep(input);
      const experimentId = 9 + stored.length;
      const queued = configs.map((config, i) => ({
        ...detail,
        id: 100 + 10 * stored.length + i,
        experimentId,
        name: config.name,
        tags: tags[i],
        config,
        seed: config.seed,
        status: 'queued' as const,
      }));
      stored.push({ id: experimentId, spec, runs: queued });
      return queued;
    },
  } as unknown as Services['queue'];
  const fixTestsOf = (runId: number) =>
    stored.filter((e) => getPath(e.spec, 'fixTest.sourceRunId') === runId);
  const service = createDoctorService({ runs, queue, fixTestsOf });
  return { runs, queue, sweeps, stored, service };
}

function foundingRun(seed = 42): RunDetail {
  const summary = runSummary(seed, 'completed', 0.1);
  return {
    ...summary,
    id: 7,
    epochs: [foundingEpoch0],
    findings: diagnose({ config: summary.config, epochs: [foundingEpoch0] }),
  };
}

describe('doctor service testFix', () => {
  it('queues the original and the fixed init across the run’s seed and the next two', async () => {
    const { service, sweeps } = fakes(foundingRun());
    const result = await service.testFix(7, 'saturated-layer');
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0].name).toBe('Fix test: U[-0.5, 0.5) weights and biases');
    expect(sweeps[0].kind).toBe('fix-test');
    expect(sweeps[0].seeds).toEqual([42, 43, 44]);
    expect(sweeps[0].grid).toEqual({
      init: [
        {
          weights: { kind: 'uniform', low: 0, high: 1 },
          biases: { kind: 'uniform', low: 0, high: 1 },
        },
        {
          weights: { kind: 'uniform', low: -0.5, high: 0.5 },
          biases: { kind: 'uniform', low: -0.5, high: 0.5 },
        },
      ],
    });
    // expandSweep orders grid values first, then seeds: originals are 100–102, fixes 103–105
    expect(result).toEqual({
      experimentId: 9,
      originalRunIds: [100, 101, 102],
      fixRunIds: [103, 104, 105],
      sourceRunId: 7,
      rule: 'saturated-layer',
      field: 'init',
      label: 'U[-0.5, 0.5) weights and biases',
    });
  });

  it('refuses a rule the run has no fix for, naming the rules that have one, and queues nothing', async () => {
    const { service, sweeps } = fakes(foundingRun());
    await expect(service.testFix(7, 'overfitting')).rejects.toThrow(
      /Run 7 has no "overfitting" finding with a fix to test \(it has findings with a fix: saturated-layer, learning-slowdown\)/,
    );
    expect(sweeps).toEqual([]);
  });

  it('refuses a fix the run already uses', async () => {
    const run = foundingRun();
    run.findings = [
      { ...run.findings[0], fix: { field: 'cost', value: 'quadratic', label: 'quadratic cost' } },
    ];
    const { service, sweeps } = fakes(run);
    await expect(service.testFix(7, 'saturated-layer')).rejects.toThrow(
      /already uses quadratic cost/,
    );
    expect(sweeps).toEqual([]);
  });

  it('passes on a missing run as the runs service reports it', async () => {
    const { service } = fakes(foundingRun());
    await expect(service.testFix(8, 'saturated-layer')).rejects.toThrow('Run 8 not found');
    await expect(service.fixTests(8)).rejects.toThrow('Run 8 not found');
  });

  it('names and tags each run by its side, in words, so baseline and fix tell apart', async () => {
    const { service, stored } = fakes(foundingRun());
    await service.testFix(7, 'saturated-layer');
    const runs = stored[0].runs;
    expect(runs.map((r) => r.name)).toEqual([
      ...[42, 43, 44].map((s) => `Fix test · baseline: weights U[0,1), biases U[0,1) · seed ${s}`),
      ...[42, 43, 44].map((s) => `Fix test · fix: U[-0.5, 0.5) weights and biases · seed ${s}`),
    ]);
    expect(runs.map((r) => r.tags.join(' '))).toEqual([
      ...Array<string>(3).fill('fix-test baseline'),
      ...Array<string>(3).fill('fix-test fix'),
    ]);
    expect(stored[0].spec).toMatchObject({
      fixTest: { sourceRunId: 7, rule: 'saturated-layer' },
    });
  });

  it('names a baseline value in words', () => {
    expect(valueWords('learningRate', 50)).toBe('learning rate η = 50');
    expect(valueWords('init.weights', { kind: 'uniform', low: 0, high: 1 })).toBe('weights U[0,1)');
    expect(valueWords('probeSize', 100)).toBe('probeSize 100');
  });

  it('says which part of the init a weights-only fix changes', () => {
    expect(
      fixWords({ field: 'init.weights', value: { kind: 'scaled-normal' }, label: 'N(0, 1/√n_in)' }),
    ).toBe('weights N(0, 1/√n_in)');
    expect(fixWords({ field: 'l2', value: 5, label: 'L2 regularization λ = 5' })).toBe(
      'L2 regularization λ = 5',
    );
  });

  it('finds a run’s stored fix tests again, with the same sides as when it was queued', async () => {
    const { service } = fakes(foundingRun());
    expect(await service.fixTests(7)).toEqual([]);
    const queued = await service.testFix(7, 'saturated-layer');
    expect(await service.fixTests(7)).toEqual([queued]);
  });

  it('wraps seeds at 2³²', () => {
    expect(fixSeeds(0xffffffff)).toEqual([0xffffffff, 0, 1]);
  });
});
