/**
 * Exporting runs: read them through the runs service, build the report model once, render the
 * requested format. Returns the files to write — one, except Markdown: the .md, then its PNG
 * images under charts/ (the CLI writes the folder, the reports service zips them). Pure rendering
 * lives in src-shared/report; this module only gathers the data, names the file and, for PDF,
 * drives a browser.
 */
import { deflateSync } from 'node:zlib';
import type { Services } from '../../../src-shared/contract/services';
import type {
  BundledFile,
  ExportFormat,
  ExportRequest,
  RunDetail,
  WeightsJson,
} from '../../../src-shared/contract/types';
import { buildBundle, encodeBundle } from '../../../src-shared/report/bundle';
import { renderCsv } from '../../../src-shared/report/csv';
import { renderRunsCsv } from '../../../src-shared/report/runs-csv';
import { weightsAsNpy } from '../../../src-shared/report/npy';
import { planFeatures } from '../../../src-shared/engine/layers/feature-stack';
import type { FeatureSpec } from '../../../src-shared/engine/options';
import { encodeNpz } from './npz';
import { sanitizeBaseName } from '../../../src-shared/report/file-name';
import { renderHtml } from '../../../src-shared/report/html';
import { renderJson } from '../../../src-shared/report/json';
import { renderMarkdown, type ReportFile } from '../../../src-shared/report/markdown';
import { buildReport, perRunLimit, type ReportConfusion } from '../../../src-shared/report/model';
import { loadDatasetAsync } from '../../datasets';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import { renderPdfWithChromium } from './pdf';
import { ForeignDatasetError } from '../services/foreign-dataset';
import { ValidationError } from '../../../src-shared/base/validation';
import { testPredictions, type LoadForReport } from './test-confusion';
import { conflict } from '../../../src-shared/base/errors';

export interface ExportDeps {
  runs: Services['runs'];
  settings: Services['settings'];
  /** Electron's printToPDF when running in the desktop app; else the system Chromium is used. */
  printToPdf?(html: string): Promise<Uint8Array>;
  /** The clock, injectable so tests render the same text twice. */
  now?(): Date;
  /** Datasets for the confusion matrices (default: the app's dataset files, read off the
   * event loop). */
  loadDataset?: LoadForReport;
}

export interface ExportOptions {
  /** Base of the file names instead of one made from the title or runs (already sanitized). */
  baseName?: string;
  /** Called with a short sentence at each step of a long export (the CLI prints it on stderr). */
  onProgress?(message: string): void;
}

export const mimeTypes: Record<ExportFormat, string> = {
  html: 'text/html',
  pdf: 'application/pdf',
  md: 'text/markdown',
  csv: 'text/csv',
  'runs-csv': 'text/csv',
  json: 'application/json',
  bundle: 'application/json',
  npz: 'application/octet-stream',
};

export const extensions: Record<ExportFormat, string> = {
  html: 'html',
  pdf: 'pdf',
  md: 'md',
  csv: 'csv',
  'runs-csv': 'runs.csv',
  json: 'json',
  bundle: 'bundle.json',
  npz: 'npz',
};

/** "sigmoid-baseline-run-12" for one run, "backprop-runs-3-4-5" (or "…-and-7-more") for several; a title wins. */
export function exportBaseName(runs: Pick<RunDetail, 'id' | 'name'>[], title?: string): string {
  if (title?.trim()) return sanitizeBaseName(title, 'backprop-report');
  if (runs.length === 1)
    return sanitizeBaseName(`${runs[0].name}-run-${runs[0].id}`, `run-${runs[0].id}`);
  const ids = runs.slice(0, 5).map((r) => r.id);
  const more = runs.length > 5 ? `-and-${runs.length - 5}-more` : '';
  return `backprop-runs-${ids.join('-')}${more}`;
}

const encoder = new TextEncoder();

export async function exportRuns(
  deps: ExportDeps,
  request: ExportRequest,
  options: ExportOptions = {},
): Promise<ReportFile[]> {
  const progress = options.onProgress ?? (() => undefined);
  const runs = await readRuns(deps, request.runIds, progress);
  const baseName = options.baseName ?? exportBaseName(runs, request.title);
  const file = (bytes: Uint8Array): ReportFile[] => [
    {
      name: `${baseName}.${extensions[request.format]}`,
      mimeType: mimeTypes[request.format],
      bytes,
    },
  ];
  const now = (deps.now?.() ?? new Date()).toISOString();
  switch (request.format) {
    case 'csv':
      return file(encoder.encode(renderCsv(runs)));
    case 'runs-csv':
      return file(encoder.encode(renderRunsCsv(runs)));
    case 'npz':
      return file(await npzOf(deps, runs));
    case 'json':
      return file(encoder.encode(renderJson(runs, await deps.settings.info(), now)));
    case 'bundle':
      return file(encoder.encode(await bundleText(deps, runs, now, progress)));
    default:
      return reportFiles(deps, runs, { ...request, now, baseName }, options, progress);
  }
}

/** One run's final weights as W1…WL, b1…bL (npy.ts); a run without stored weights is refused. */
async function npzOf(deps: ExportDeps, runs: RunDetail[]): Promise<Uint8Array> {
  if (runs.length !== 1)
    throw new ValidationError(
      `The npz format holds one run's weights: give one run id (got ${runs.length}).`,
      [{ path: 'runIds', message: 'must name exactly one run for npz' }],
    );
  const [run] = runs;
  const weights = await deps.runs.weights(run.id);
  if (!weights)
    throw conflict(
      run.logged
        ? `Run ${run.id} was logged from outside: its weights are not stored here, so there is nothing to export as npz.`
        : `Run ${run.id} has no final weights yet (status ${run.status}): they are stored when its last epoch ends.`,
    );
  return encodeNpz(weightsAsNpy(weights, convShapesOf(run.config.features)));
}

/** Each conv layer's weight shape [F, C, k, k], from the run's conv layers. */
function convShapesOf(features: FeatureSpec | undefined): number[][] {
  if (!features) return [];
  return planFeatures(features)
    .layers.filter((g) => g.type === 'conv2d')
    .map((g) => [g.filters, g.input.channels, g.kernel, g.kernel]);
}

async function readRuns(
  deps: ExportDeps,
  ids: number[],
  progress: (m: string) => void,
): Promise<RunDetail[]> {
  const runs: RunDetail[] = [];
  for (const [i, id] of ids.entries()) {
    if (ids.length > 1) progress(`Reading run ${i + 1} of ${ids.length} (#${id})`);
    runs.push(await deps.runs.get(id));
  }
  return runs;
}

async function weightsOf(
  deps: ExportDeps,
  runs: RunDetail[],
  progress: (m: string) => void,
): Promise<Record<number, WeightsJson | null>> {
  const weights: Record<number, WeightsJson | null> = {};
  for (const [i, run] of runs.entries()) {
    if (runs.length > 1) progress(`Reading weights ${i + 1} of ${runs.length} (#${run.id})`);
    weights[run.id] = await deps.runs.weights(run.id);
  }
  return weights;
}

/** Each run's confusion matrix on its own test split (the sizes it trained with), from its final
 * weights; null where there are no weights, labels or dataset files. */
async function confusionsOf(
  deps: ExportDeps,
  runs: RunDetail[],
  weights: Record<number, WeightsJson | null>,
  progress: (m: string) => void,
): Promise<Record<number, ReportConfusion | null>> {
  const loadFiles = deps.loadDataset ?? loadDatasetAsync;
  // Runs of one dataset at one size (seeds, sweeps) read its files once.
  const loaded = new Map<string, Promise<LoadedDataset>>();
  const load: LoadForReport = (spec, sizes) => {
    const key = JSON.stringify([spec, sizes]);
    const data = loaded.get(key) ?? Promise.resolve().then(() => loadFiles(spec, sizes));
    loaded.set(key, data);
    return data;
  };
  const out: Record<number, ReportConfusion | null> = {};
  for (const run of runs) {
    const w = weights[run.id];
    if (!w) continue;
    if (run.foreignDatasetPath) {
      // The sender's path: never opened here, so no confusion matrix until the run is re-pointed.
      progress(
        `No confusion matrix for #${run.id}: ${new ForeignDatasetError(run.id, run.foreignDatasetPath).message}`,
      );
      continue;
    }
    progress(`Classifying the test examples of #${run.id}`);
    out[run.id] = (await testPredictions(run, w, load))?.confusion ?? null;
  }
  return out;
}

async function bundleText(
  deps: ExportDeps,
  runs: RunDetail[],
  now: string,
  progress: (m: string) => void,
): Promise<string> {
  const weights = await weightsOf(deps, runs, progress);
  const experiments = runs.some((r) => r.experimentId !== null)
    ? await deps.runs.experiments()
    : [];
  const experimentNames = Object.fromEntries(experiments.map((e) => [e.id, e.name]));
  const info = await deps.settings.info();
  progress('Writing the bundle');
  return encodeBundle(
    buildBundle({
      runs,
      weights,
      experimentNames,
      files: await filesOf(deps, runs),
      exportedAt: now,
      engineVersion: info.engineVersion,
    }),
  );
}

/** Each run's logged files with their bytes, for a bundle. */
async function filesOf(
  deps: ExportDeps,
  runs: RunDetail[],
): Promise<Record<number, BundledFile[]>> {
  const files: Record<number, BundledFile[]> = {};
  for (const run of runs)
    files[run.id] = await Promise.all(
      (run.files ?? []).map(async ({ name }) => {
        const { contentBase64, time } = await deps.runs.file(run.id, name);
        return { name, contentBase64, time };
      }),
    );
  return files;
}

async function reportFiles(
  deps: ExportDeps,
  runs: RunDetail[],
  request: ExportRequest & { now: string; baseName: string },
  options: ExportOptions,
  progress: (m: string) => void,
): Promise<ReportFile[]> {
  const weights = await weightsOf(deps, runs.slice(0, perRunLimit), progress);
  const confusion = await confusionsOf(deps, runs.slice(0, perRunLimit), weights, progress);
  progress('Building the report');
  const model = buildReport({
    runs,
    weights,
    confusion,
    app: await deps.settings.info(),
    title: request.title,
    generatedAt: request.now,
  });
  const name = (ext: string): string => `${request.baseName}.${ext}`;
  if (request.format === 'md')
    return renderMarkdown(model, { baseName: request.baseName, zlib: (raw) => deflateSync(raw) });
  const html = renderHtml(model);
  if (request.format === 'html')
    return [{ name: name('html'), mimeType: mimeTypes.html, bytes: encoder.encode(html) }];
  progress(deps.printToPdf ? 'Printing the PDF' : 'Rendering the PDF with Chromium');
  const pdf = deps.printToPdf ? await deps.printToPdf(html) : await renderPdfWithChromium(html);
  return [{ name: name('pdf'), mimeType: mimeTypes.pdf, bytes: pdf }];
}
