import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-shared/contract/services';
import type { RunDetail, RunSummary } from '../../../src-shared/contract/types';
import { expandSweep, type SweepSpecInput } from '../../../src-shared/experiment/sweep';
import { diagnose } from '../../../src-shared/diagnostics/doctor';
import { foundingEpoch0, runSummary } from '../../../src-shared/diagnostics/doctor/records.testing';
import { createDoctorService, fixSeeds } from './service';

/** A fake runs + queue pair: runs.get returns the founding run; enqueueSweep expands the spec the way the
 * real queue does (expandSweep) and numbers the runs from 100. */
function fakes(detail: RunDetail) {
  const sweeps: SweepSpecInput[] = [];
  const runs = {
    async get(id: number) {
      if (id !== detail.id) throw new Error(`Run ${id} not found`);
      return detail;
    },
  } as unknown as Services['runs'];
  const queue = {
    async enqueueSweep(spec: SweepSpecInput): Promise<RunSummary[]> {
      sweeps.push(spec);
      const { configs } = expandSweep(spec);
      return configs.map((config, i) => ({
        ...detail,
        id: 100 + i,
        experimentId: 9,
        config,
        seed: config.seed,
        status: 'queued',
      }));
    },
  } as unknown as Services['queue'];
  return { runs, queue, sweeps };
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
    const { runs, queue, sweeps } = fakes(foundingRun());
    const result = await createDoctorService({ runs, queue }).testFix(7, 'saturated-layer');
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0].name).toBe('Test fix: U[-0.5, 0.5) weights and biases');
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
    const { runs, queue, sweeps } = fakes(foundingRun());
    await expect(createDoctorService({ runs, queue }).testFix(7, 'overfitting')).rejects.toThrow(
      /Run 7 has no "overfitting" finding with a fix to test \(it has findings with a fix: saturated-layer, learning-slowdown\)/,
    );
    expect(sweeps).toEqual([]);
  });

  it('refuses a fix the run already uses', async () => {
    const run = foundingRun();
    run.findings = [
      { ...run.findings[0], fix: { field: 'cost', value: 'quadratic', label: 'quadratic cost' } },
    ];
    const { runs, queue, sweeps } = fakes(run);
    await expect(
      createDoctorService({ runs, queue }).testFix(7, 'saturated-layer'),
    ).rejects.toThrow(/already uses quadratic cost/);
    expect(sweeps).toEqual([]);
  });

  it('passes on a missing run as the runs service reports it', async () => {
    const { runs, queue } = fakes(foundingRun());
    await expect(
      createDoctorService({ runs, queue }).testFix(8, 'saturated-layer'),
    ).rejects.toThrow('Run 8 not found');
  });

  it('wraps seeds at 2³²', () => {
    expect(fixSeeds(0xffffffff)).toEqual([0xffffffff, 0, 1]);
  });
});
