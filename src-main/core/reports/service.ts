/** ReportsService: exports (HTML, PDF, Markdown, CSV, JSON, bundles) and bundle import. */
import type { ReportsService, Services } from '../../../src-shared/contract/services';
import type { RunBundleEntry } from '../../../src-shared/contract/types';

export interface ReportsDeps {
  runs: Services['runs'];
  settings: Services['settings'];
  /** Writes bundle entries in one transaction; returns the new run ids. */
  importRuns(entries: RunBundleEntry[]): number[];
}

export function createReportsService(deps: ReportsDeps): ReportsService {
  return {
    async export(request) {
      void deps;
      throw new Error(`Export is not available yet (${request.format})`);
    },
    async importBundle() {
      throw new Error('Import is not available yet');
    },
  };
}
