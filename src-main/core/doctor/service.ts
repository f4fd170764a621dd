/**
 * DoctorService: "Test this fix". For a run's finding with a proposed fix, queue a sweep that
 * changes only that one config field — [original value, fixed value] — across the run's own seed
 * and the two after it, so the verdict (fixVerdict in src-shared/diagnostics/doctor/verdict.ts)
 * compares like with like, seed by seed. The sweep spec stored with the experiment keeps the link
 * (run, rule, fix), so fixTests finds a run's tests again after a reload.
 */
import type { DoctorService, Services } from '../../../src-shared/contract/services';
import type { FixTestResult, RunDetail, RunSummary } from '../../../src-shared/contract/types';
import type { Finding } from '../../../src-shared/base/findings';
import { describeValue, getPath, sameValue } from '../../../src-shared/base/values';
import { sweepSpecSchema, type SweepSpecInput } from '../../../src-shared/experiment/sweep';
import { ForeignDatasetError } from '../services/foreign-dataset';
import { notFound, conflict } from '../../../src-shared/base/errors';

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
  throw notFound(`Run ${run.id} has no "${rule}" finding with a fix to test (it has ${has})`);
}

/** The fix in words, naming the part of the config it changes: "weights U[-0.5, 0.5)",
 * "learning rate η = 0.3". The doctor's labels for other fields already name them. */
export function fixWords(fix: NonNullable<Finding['fix']>): string {
  const part = { 'init.weights': 'weights', 'init.biases': 'biases' }[fix.field];
  return part && !fix.label.includes(part) ? `${part} ${fix.label}` : fix.label;
}

/** How a run's name calls a config field; fields missing here are named by their path. */
const fieldWords: Record<string, string> = {
  init: '',
  'init.weights': 'weights',
  'init.biases': 'biases',
  learningRate: 'learning rate η =',
  l2: 'L2 regularization λ =',
  l1: 'L1 regularization λ =',
  cost: 'cost',
  activations: 'activation',
  momentum: 'momentum μ =',
  batchSize: 'mini-batch size',
  layers: 'layers',
};

/** A field's value in words: "weights U[0,1), biases U[0,1)", "learning rate η = 50". */
export function valueWords(field: string, value: unknown): string {
  const words = fieldWords[field] ?? field;
  return [words, describeValue(value)].filter(Boolean).join(' ');
}

/** The sweep that tests one fix: grid over its field (baseline first, fix second), three seeds.
 * Its runs are named "Fix test · baseline: <own value> · seed N" and "Fix test · fix: <fix> ·
 * seed N", and tagged "fix-test" plus their side. */
export function fixSweepSpec(
  run: Pick<RunDetail, 'id' | 'config'>,
  rule: string,
  fix: NonNullable<Finding['fix']>,
): SweepSpecInput {
  const original = getPath(run.config, fix.field);
  if (sameValue(original, fix.value)) {
    throw conflict(
      `Run ${run.id} already uses ${fix.label} for ${fix.field}: there is nothing to test`,
    );
  }
  const label = fixWords(fix);
  return {
    name: `Fix test: ${label}`,
    kind: 'fix-test',
    base: { ...run.config } as Record<string, unknown>,
    grid: { [fix.field]: [original, fix.value] },
    seeds: fixSeeds(run.config.seed),
    fixTest: { sourceRunId: run.id, rule, label, baseline: valueWords(fix.field, original) },
  };
}

function split(
  runs: RunSummary[],
  field: string,
  fixedValue: unknown,
): { originalRunIds: number[]; fixRunIds: number[] } {
  const fixed = runs.filter((r) => sameValue(getPath(r.config, field), fixedValue));
  const original = runs.filter((r) => !fixed.includes(r));
  return { originalRunIds: original.map((r) => r.id), fixRunIds: fixed.map((r) => r.id) };
}

/** A stored fix test as the contract reports it, or null when its spec is not one (an older
 * fix test, stored before the link was kept) or none of its runs is left. */
function storedFixTest(
  experimentId: number,
  storedSpec: unknown,
  runs: RunSummary[],
): FixTestResult | null {
  const parsed = sweepSpecSchema.safeParse(storedSpec);
  if (!parsed.success || !parsed.data.fixTest || runs.length === 0) return null;
  const { fixTest, grid } = parsed.data;
  const [field, values] = Object.entries(grid)[0];
  return {
    experimentId,
    // runs.list is newest first; the ids are reported in run order, as testFix reports them.
    ...split(
      [...runs].sort((a, b) => a.id - b.id),
      field,
      values[1],
    ),
    sourceRunId: fixTest.sourceRunId,
    rule: fixTest.rule,
    field,
    label: fixTest.label,
  };
}

export function createDoctorService(deps: {
  runs: Services['runs'];
  queue: Services['queue'];
  /** The stored fix tests of a run's findings (experiments-repo fixTestsOf). */
  fixTestsOf(sourceRunId: number): { id: number; spec: unknown }[];
}): DoctorService {
  return {
    async testFix(runId, rule): Promise<FixTestResult> {
      const run = await deps.runs.get(runId);
      if (run.foreignDatasetPath) throw new ForeignDatasetError(run.id, run.foreignDatasetPath);
      const { fix } = findingWithFix(run, rule);
      const queued = await deps.queue.enqueueSweep(fixSweepSpec(run, rule, fix));
      return {
        experimentId: queued[0]?.experimentId ?? 0,
        ...split(queued, fix.field, fix.value),
        sourceRunId: run.id,
        rule,
        field: fix.field,
        label: fixWords(fix),
      };
    },
    async fixTests(runId): Promise<FixTestResult[]> {
      await deps.runs.get(runId);
      const tests = await Promise.all(
        deps
          .fixTestsOf(runId)
          .map(async ({ id, spec }) =>
            storedFixTest(id, spec, await deps.runs.list({ experimentId: id })),
          ),
      );
      return tests.filter((t): t is FixTestResult => t !== null);
    },
  };
}
