/** How the CLI writes numbers, durations and run outcomes. */
import { printable } from '../../../src-shared/base/printable';
import type { RunFinal, RunSummary } from '../../../src-shared/contract/types';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { Finding } from '../../../src-shared/base/findings';
import { isWaiting } from '../../../src-shared/base/run-status';
import { extentText } from '../../../src-shared/experiment/run-view';

/** 0.9123 → "91.23%", null → "–". */
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${(v * 100).toFixed(2)}%`;
}

/** A cost with 4 significant digits ("NaN" and "Infinity" as such). */
export function cost(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}

/** 83 → "1m 23s". */
export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** "run 3 epoch 2/30: cost 0.0912, validation 91.20%, test 90.80%" — one line per stored epoch. */
export function epochLine(runId: number, record: EpochRecord, epochs: number): string {
  const parts = [`cost ${cost(record.trainCost)}`];
  if (record.validationAccuracy !== null)
    parts.push(`validation ${percent(record.validationAccuracy)}`);
  if (record.testAccuracy !== null) parts.push(`test ${percent(record.testAccuracy)}`);
  return `run ${runId} epoch ${record.epoch}/${epochs}: ${parts.join(', ')}`;
}

export function finalLine(final: RunFinal | null): string {
  if (!final) return 'no epochs';
  return [
    `${final.epochs} epochs`,
    `cost ${cost(final.trainCost)}`,
    `test accuracy ${percent(final.testAccuracy)}`,
    `best validation ${percent(final.bestValidationAccuracy)}`,
  ].join(', ');
}

/** "run 3 (name) completed: 30 epochs, ..." or "run 3 (name) failed: reason". */
export function outcomeLine(run: RunSummary): string {
  const head = `run ${run.id} (${printable(run.name, { lines: false }) || 'unnamed'}) ${run.status}`;
  if (run.status === 'failed') return `${head}: ${printable(run.error ?? 'no reason given')}`;
  if (run.status === 'cancelled')
    return `${head}${run.error ? `: ${printable(run.error)}` : ' (by you, the app or the browser)'}; ${finalLine(run.final)}`;
  // Stopped but not finished (paused in the app, or its owner stopped): say how to go on.
  if (isWaiting(run.status))
    return `${head}: ${finalLine(run.final)}; continue it with \`backprop resume ${run.id}\``;
  return `${head}: ${finalLine(run.final)}`;
}

/** What a foreground command prints on stdout for a finished run: its outcome line and the
 * doctor's findings; with --quiet only the outcome line. On one terminal the progress on stderr
 * has just shown the outcome line, so only redirected stdout carries it again (as the result). */
export function resultLines(
  run: RunSummary,
  findings: Finding[],
  options: { quiet?: boolean } = {},
): string[] {
  if (options.quiet) return [outcomeLine(run)];
  const shown = process.stdout.isTTY === true && process.stderr.isTTY === true;
  return [...(shown ? [] : [outcomeLine(run)]), ...findingLines(findings)];
}

export function findingLines(findings: Finding[]): string[] {
  if (findings.length === 0) return ['The doctor found nothing to report.'];
  return findings.map(
    (f) =>
      `${f.severity.padEnd(7)} ${f.title} (epoch ${f.epoch}): ${f.message}\n        → ${f.suggestion}`,
  );
}

/** Left-aligned columns separated by two spaces; the first row is the header. Cells hold user
 * text (run names), so their control characters are made visible. */
export function table(cells: string[][]): string {
  const rows = cells.map((r) => r.map((cell) => printable(cell, { lines: false })));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "12/30" epochs done of the configured number; for a logged run what its metrics reached. */
export function epochsDone(run: RunSummary): string {
  return extentText(run);
}
