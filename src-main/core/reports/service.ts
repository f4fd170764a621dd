/** ReportsService: exports (HTML, PDF, Markdown, CSV, JSON, bundles) and bundle import. */
import type { ReportsService, Services } from '../../../src-shared/contract/services';
import type { RunBundleEntry } from '../../../src-shared/contract/types';
import { ValidationError } from '../../../src-shared/base/validation';
import { parseBundle } from '../../../src-shared/report/bundle';
import { exportRuns } from './export';
import { encodeZip } from './npz';
import type { ReportFile } from '../../../src-shared/report/markdown';
import { loadDatasetAsync } from '../../datasets';
import { ForeignDatasetError } from '../services/foreign-dataset';
import { misclassified, testPredictions, type LoadForReport } from './test-confusion';
import { featureMaps } from './feature-maps';

/** Misclassified test images the run page shows. */
const GALLERY = 48;

export interface ReportsDeps {
  runs: Services['runs'];
  settings: Services['settings'];
  /** Writes bundle entries in one transaction; returns the new run ids. */
  importRuns(entries: RunBundleEntry[]): number[];
  /** Electron's webContents.printToPDF, injected by the desktop app; elsewhere the system Chromium prints. */
  printToPdf?(html: string): Promise<Uint8Array>;
  /** Datasets for confusion matrices (default: the app's dataset files, read off the event loop). */
  loadDataset?: LoadForReport;
}

export function createReportsService(deps: ReportsDeps): ReportsService {
  return {
    async export(request) {
      const files = await exportRuns(deps, request);
      // One download: Markdown comes as a .zip of the .md and its charts/ folder.
      const file = request.format === 'md' ? zipOf(files) : files[0];
      return {
        fileName: file.name,
        mimeType: file.mimeType,
        base64: Buffer.from(file.bytes).toString('base64'),
      };
    },
    async confusion(runId) {
      const run = await deps.runs.get(runId);
      const weights = await deps.runs.weights(runId);
      if (!weights) return null;
      // The sender's dataset path is never opened here (services/foreign-dataset.ts).
      if (run.foreignDatasetPath) throw new ForeignDatasetError(run.id, run.foreignDatasetPath);
      const result = await testPredictions(run, weights, deps.loadDataset ?? loadDatasetAsync);
      return result && { ...result.confusion, misclassified: misclassified(result, GALLERY) };
    },
    async featureMaps(runId, testIndex) {
      const run = await deps.runs.get(runId);
      const weights = await deps.runs.weights(runId);
      if (!weights) return null;
      if (run.foreignDatasetPath) throw new ForeignDatasetError(run.id, run.foreignDatasetPath);
      return featureMaps(run, weights, testIndex, deps.loadDataset ?? loadDatasetAsync);
    },
    async importBundle(base64) {
      const bundle = parseBundle(bundleTextOf(base64));
      return { runIds: deps.importRuns(bundle.runs) };
    },
  };
}

/** "report.md" + "charts/report-cost.png", … as "report.zip" holding them at those paths. */
function zipOf(files: ReportFile[]): ReportFile {
  const name = files[0].name.replace(/\.md$/, '.zip');
  return { name, mimeType: 'application/zip', bytes: encodeZip(files) };
}

/** The bundle's text from base64, refusing text that is not base64 (Buffer would skip bad characters silently). */
export function bundleTextOf(base64: string): string {
  const compact = base64.replace(/\s+/g, '');
  if (compact.length === 0) throw invalid('The bundle is empty.');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw invalid('The bundle is not valid base64: expected the file’s bytes encoded as base64.');
  }
  return Buffer.from(compact, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

function invalid(message: string): ValidationError {
  return new ValidationError(message, [{ path: 'base64', message }]);
}
