/**
 * The verdict of "Test this fix": runs with the original value and with the fix, paired by seed.
 * A pair counts once both runs have finished (completed, or diverged: a diverged run scores the
 * worst possible). The fix wins a pair when its final accuracy is higher (test accuracy, else
 * validation accuracy); when no run reports accuracy, the lower final training cost wins.
 * `before`/`after` are the means over the finished pairs.
 */
import type { RunSummary } from '../../experiment/run';
import { num, percent, plural } from './wording';
import { isUnfinished } from '../../base/run-status';

export interface FixVerdict {
  metric: 'accuracy' | 'cost';
  /** Finished pairs the fix won. */
  wins: number;
  /** Finished pairs. */
  total: number;
  /** Pairs still waiting for a run, and pairs a run of which failed or was cancelled. */
  pending: number;
  failed: number;
  /** Mean metric over finished pairs, original side and fixed side (null before any finished). */
  before: number | null;
  after: number | null;
  /** "fix wins on 3 of 3 seeds: accuracy 10% → 91%". */
  sentence: string;
}

type Outcome = { kind: 'done'; value: number } | { kind: 'waiting' } | { kind: 'failed' };

function accuracyOf(run: RunSummary): number | null {
  return run.final?.testAccuracy ?? run.final?.validationAccuracy ?? null;
}

function outcome(run: RunSummary | undefined, metric: FixVerdict['metric']): Outcome {
  if (!run || isUnfinished(run.status)) return { kind: 'waiting' };
  if (run.status !== 'completed' && run.status !== 'diverged') return { kind: 'failed' };
  const value = metric === 'accuracy' ? accuracyOf(run) : (run.final?.trainCost ?? null);
  if (value !== null && Number.isFinite(value) && run.status === 'completed')
    return { kind: 'done', value };
  return { kind: 'done', value: metric === 'accuracy' ? 0 : Infinity };
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

function sentenceOf(v: Omit<FixVerdict, 'sentence'>, seeds: number): string {
  if (v.total === 0)
    return v.failed === seeds
      ? 'no verdict: the runs failed'
      : `waiting for the runs of ${plural(seeds, 'seed')} to finish`;
  const show = (x: number | null) =>
    x === null ? '?' : v.metric === 'accuracy' ? percent(x) : num(x);
  const notes = [
    v.pending > 0 ? `${v.pending} pending` : '',
    v.failed > 0 ? `${v.failed} failed` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const soFar = notes ? ` so far (${notes})` : '';
  const label = v.metric === 'accuracy' ? 'accuracy' : 'training cost';
  return `fix wins on ${v.wins} of ${v.total} seed${v.total === 1 ? '' : 's'}${soFar}: ${label} ${show(v.before)} → ${show(v.after)}`;
}

export function fixVerdict(original: RunSummary[], fixed: RunSummary[]): FixVerdict {
  const all = [...original, ...fixed];
  const metric = all.some((r) => accuracyOf(r) !== null) ? 'accuracy' : 'cost';
  const seeds = [...new Set(all.map((r) => r.seed))];
  const befores: number[] = [];
  const afters: number[] = [];
  let [wins, pending, failed] = [0, 0, 0];
  for (const seed of seeds) {
    const a = outcome(
      original.find((r) => r.seed === seed),
      metric,
    );
    const b = outcome(
      fixed.find((r) => r.seed === seed),
      metric,
    );
    if (a.kind === 'failed' || b.kind === 'failed') failed++;
    else if (a.kind === 'waiting' || b.kind === 'waiting') pending++;
    else {
      befores.push(a.value);
      afters.push(b.value);
      if (metric === 'accuracy' ? b.value > a.value : b.value < a.value) wins++;
    }
  }
  const v = {
    metric,
    wins,
    total: befores.length,
    pending,
    failed,
    before: mean(befores),
    after: mean(afters),
  } as const;
  return { ...v, sentence: sentenceOf(v, seeds.length) };
}
