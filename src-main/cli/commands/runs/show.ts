/**
 * `backprop runs show ID [--json] [--db PATH]`: one run — its summary, config, final metrics, how
 * many findings the doctor has for it and the files logged with it — read from the store as
 * `backprop runs` reads it. A run in the trash is shown too, with when it was deleted.
 */
import type { Command } from 'commander';
import type { Finding } from '../../../../src-shared/base/findings';
import type { LoggedFileInfo, RunSummary } from '../../../../src-shared/contract/types';
import { encodeWire } from '../../../../src-shared/base/wire';
import { flattenConfig } from '../../../../src-shared/experiment/flatten';
import { exportedRun, runSource, shownConfig } from '../../../../src-shared/experiment/run-view';
import { readStore } from '../../../owner/read-store';
import { checkedDbPath } from '../../foreground/db-path';
import { finalLine, table } from '../../foreground/format';
import { parsePositiveInt } from '../../options';
import { DB_HELP } from './run-session';

export function registerShow(runs: Command): void {
  runs
    .command('show')
    .description('show one run: summary, config, final metrics, findings')
    .argument('<id>', 'run id', (v: string) => parsePositiveInt(v))
    .option('--json', 'print the run as one JSON object on stdout')
    .option('--db <path>', DB_HELP)
    .action(show);
}

interface Shown {
  run: RunSummary;
  findings: Finding[];
  files: LoggedFileInfo[];
}

function show(id: number, options: { json?: boolean; db?: string }): void {
  const shown = readStore(checkedDbPath(options.db, 'existing'), (store): Shown | undefined => {
    const run = store.runs.get(id) ?? store.runs.getDeleted(id);
    return run && { run, findings: store.findings.list(id), files: store.runFiles.list(id) };
  });
  if (!shown) throw new Error(`Run ${id} does not exist`);
  process.stdout.write(options.json ? `${encodeWire(asJson(shown))}\n` : `${asText(shown)}\n`);
}

/** Findings as counts by severity: the findings themselves are in the app and the reports. */
function findingCounts(findings: Finding[]): Record<string, number> {
  const counts: Record<string, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

function asJson({ run, findings, files }: Shown) {
  const { progress: _progress, ...rest } = exportedRun(run);
  return {
    ...rest,
    findings: { count: findings.length, ...findingCounts(findings) },
    ...(files.length > 0 ? { files } : {}),
  };
}

/** "weights.npz  1,234 bytes  W1 <f8 (30, 784)  b1 <f8 (30)" */
function fileRow(file: LoggedFileInfo): [string, string] {
  const arrays = file.arrays.map((a) => `${a.name} ${a.dtype} (${a.shape.join(', ')})`);
  return [`  ${file.name}`, [`${file.size.toLocaleString('en')} bytes`, ...arrays].join('  ')];
}

function asText({ run, findings, files }: Shown): string {
  const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 19).replace('T', ' ') : '–');
  const counts = findingCounts(findings);
  const rows: [string, string][] = [
    ['name', run.name],
    [
      'status',
      `${run.status}${run.deletedAt ? `, in the trash since ${when(run.deletedAt)}` : ''}`,
    ],
    ['source', runSource(run)],
    ['experiment', run.experimentId === null ? '–' : String(run.experimentId)],
    ['created', when(run.createdAt)],
    ['started', when(run.startedAt)],
    ['finished', when(run.finishedAt)],
    ['tags', run.tags.join(', ') || '–'],
    ['starred', run.starred ? 'yes' : 'no'],
    ...(run.error ? [['error', run.error] as [string, string]] : []),
    ...(run.notes ? [['notes', run.notes] as [string, string]] : []),
    ['final', finalLine(run.final)],
    [
      'findings',
      findings.length === 0
        ? 'none'
        : `${findings.length} (${counts.error} error, ${counts.warning} warning, ${counts.info} info)`,
    ],
  ];
  const config = [...flattenConfig(shownConfig(run))].map(([path, value]): [string, string] => [
    `  ${path}`,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  const filesPart = files.length > 0 ? ['', 'files', table(files.map(fileRow))] : [];
  return [`run ${run.id}`, table(rows), '', 'config', table(config), ...filesPart].join('\n');
}
