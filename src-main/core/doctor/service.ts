/**
 * DoctorService: "Test this fix". For a run's finding with a proposed fix, queue a sweep that
 * changes only that one config field — [original value, fixed value] — across the run's own seed
 * and the two after it, so the verdict (fixVerdict in src-shared/diagnostics/doctor/verdict.ts)
 * compares like with like, seed by seed.
 */
import type { DoctorService, Services } from '../../../src-shared/contract/services';
import type { FixTestResult, RunDetail, RunSummary } from '../../../src-shared/contract/types';
import type { Finding } from '../../../src-shared/base/findings';
import { getPath, sameValue } from '../../../src-shared/base/values';
import { type SweepSpecInput } from '../../../src-shared/experiment/sweep';
import { ForeignDatasetError } from '../services/foreign-dataset';

/** The run's own seed and the next two (wrapping at 2³²). */
export function fixSeeds(seed: number): number[] {
  return [0, 1, 2].map((k) => (seed + k) % 0x1_0000_0000);
}

/** The finding of `rule` that carries a fix, or an error that names what the run does have. */
export function findingWithFix(
  run: RunDetail,
  rule: string,
): Finding & { fix: NonNullable<Finding['fix']> } {
  const found = run.findings.find((f) => f.rule === rule && f.fix !== undefined);
  if (found?.fix) return { ...found, fix: found.fix };
  const withFix = run.findings.filter((f) => f.fix).map((f) => f.rule);
  const has =
    withFix.length > 0
      ? `findings with a fix: ${[...new Set(withFix)].join(', ')}`
      : 'no finding with a fix';
  throw new Error(`Run ${run.id} has no "${rule}" finding with a fix to test (it has ${has})`);
}

/** The sweep that tests one fix: grid over its field, three seeds. */
export function fixSweepSpec(
  run: Pick<RunDetail, 'id' | 'config'>,
  fix: NonNullable<Finding['fix']>,
): SweepSpecInput {
  const original = getPath(run.config, fix.field);
  if (sameValue(original, fix.value)) {
    throw new Error(
      `Run ${run.id} already uses ${fix.label} for ${fix.field}: there is nothing to test`,
    );
  }
  return {
    name: `Test fix: ${fix.label}`,
    kind: 'fix-test',
    base: { ...run.config } as Record<string, unknown>,
    grid: { [fix.field]: [original, fix.value] },
    seeds: fixSeeds(run.config.seed),
  };
}

function split(
  runs: RunSummary[],
  field: string,
  fixedValue: unknown,
): { original: number[]; fixed: number[] } {
  const fixed = runs.filter((r) => sameValue(getPath(r.config, field), fixedValue));
  const original = runs.filter((r) => !fixed.includes(r));
  return { original: original.map((r) => r.id), fixed: fixed.map((r) => r.id) };
}

export function createDoctorService(deps: {
  runs: Services['runs'];
  queue: Services['queue'];
}): DoctorService {
  return {
    async testFix(runId, rule): Promise<FixTestResult> {
      const run = await deps.runs.get(runId);
      if (run.foreignDatasetPath) throw new ForeignDatasetError(run.id, run.foreignDatasetPath);
      const { fix } = findingWithFix(run, rule);
      const queued = await deps.queue.enqueueSweep(fixSweepSpec(run, fix));
      const ids = split(queued, fix.field, fix.value);
      return {
        experimentId: queued[0]?.experimentId ?? 0,
        originalRunIds: ids.original,
        fixRunIds: ids.fixed,
        sourceRunId: run.id,
        rule,
        field: fix.field,
        label: fix.label,
      };
    },
  };
}
