/**
 * `backprop export <run ids…> --format html|pdf|md|csv|runs-csv|json|bundle|npz [--out FILE]
 * [--title TEXT] [--db PATH]`: writes a report, the metrics (per epoch: csv, json), the runs table
 * (runs-csv), a run bundle or one run's weights as NumPy arrays (npz). Markdown images are written beside
 * the .md file; progress goes to stderr, the written paths to stdout. `--out -` writes the file's
 * bytes to stdout instead (one file only: not a Markdown report with images).
 */
import { Option, type Command } from 'commander';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { contractSchemas } from '../../../src-shared/contract/schemas';
import type { ExportFormat, ExportRequest } from '../../../src-shared/contract/types';
import { parseOrThrow } from '../../../src-shared/base/validation';
import { sanitizeBaseName } from '../../../src-shared/report/file-name';
import type { ReportFile } from '../../../src-shared/report/markdown';
import { checkedDbPath } from '../foreground/db-path';
import { exportRuns } from '../../core/reports/export';
import { openCliSession } from '../foreground/foreground';
import { parsePositiveInt } from '../options';

interface ExportOptions {
  format: ExportFormat;
  out?: string;
  title?: string;
  db?: string;
}

const formats: ExportFormat[] = ['html', 'pdf', 'md', 'csv', 'runs-csv', 'json', 'bundle', 'npz'];

export function register(program: Command): void {
  program
    .command('export')
    .description(
      "export runs as a report (html, pdf, md), metrics (csv, json), the runs table (runs-csv), a run bundle or one run's weights (npz)",
    )
    .argument('<ids...>', 'run ids', collectIds)
    .addOption(
      new Option('--format <format>', 'output format').choices(formats).makeOptionMandatory(),
    )
    .option(
      '--out <file>',
      'file to write, or - for standard output (default: a name made from the runs, in this folder)',
    )
    .option('--title <text>', 'report title')
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .action(exportCommand);
}

function collectIds(value: string, previous: number[] | undefined): number[] {
  return [...(previous ?? []), parsePositiveInt(value)];
}

async function exportCommand(ids: number[], options: ExportOptions): Promise<void> {
  const request: ExportRequest = { runIds: ids, format: options.format, title: options.title };
  parseOrThrow(contractSchemas['reports.export'], [request], 'export');
  checkedDbPath(options.db, 'existing');
  const toStdout = options.out === '-';
  const out = options.out && !toStdout ? resolve(options.out) : undefined;
  if (out) checkWritableFolder(out);
  // Through the store's owner when one is running (its runs as it has them right now).
  const session = await openCliSession({ db: options.db, command: 'backprop export' });
  try {
    const files = await exportRuns(session.services, request, {
      baseName: out ? sanitizeBaseName(basename(out, extname(out))) : undefined,
      onProgress: (message) => process.stderr.write(`${message}…\n`),
    });
    if (toStdout) await writeToStdout(files);
    else for (const path of writeFiles(files, out)) process.stdout.write(`${path}\n`);
  } finally {
    await session.close();
  }
}

function checkWritableFolder(out: string): void {
  const folder = dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`Cannot write ${out}: the folder ${folder} does not exist`);
  }
  if (existsSync(out) && statSync(out).isDirectory())
    throw new Error(`Cannot write ${out}: it is a folder`);
}

/** `--out -`: the one file's bytes as they are (a PDF, a zip), on stdout; resolves once written. */
async function writeToStdout(files: ReportFile[]): Promise<void> {
  if (files.length > 1)
    throw new Error(
      `--out - writes one file, and this export is ${files.length} (${files[0].name} and its images); name a file with --out`,
    );
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(files[0].bytes, (error) => (error ? reject(error) : resolve())),
  );
}

/** The first file goes to `out` (or its own name here); the rest (Markdown images, charts/…) beside it. */
function writeFiles(files: ReportFile[], out: string | undefined): string[] {
  const [main, ...rest] = files;
  const mainPath = out ?? resolve(main.name);
  const written = [mainPath];
  writeFileSync(mainPath, main.bytes);
  for (const file of rest) {
    const path = join(dirname(mainPath), file.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
    written.push(path);
  }
  return written;
}
