/**
 * The runs as JSON with full fidelity: every epoch record with its layer statistics, findings and
 * config (a logged run: its params and metrics as logged, and its `source`), NaN and ±Infinity kept as {"$num": "NaN"} (base/wire.ts) so a diverged run reads
 * back exactly. The local database path is left out: it says nothing about the results.
 */
import type { AppInfo } from '../base/app-info';
import type { RunDetail } from '../experiment/run';
import { encodeWire } from '../base/wire';
import { exportedRun } from '../experiment/run-view';

export const reportJsonFormat = 'backprop-workbench-runs';

export function renderJson(runs: RunDetail[], app: AppInfo, generatedAt: string): string {
  const { dbPath: _dbPath, ...publicApp } = app;
  const document = {
    format: reportJsonFormat,
    version: 1,
    generatedAt,
    app: publicApp,
    runs: runs.map(exportedRun),
  };
  return `${JSON.stringify(JSON.parse(encodeWire(document)), null, 2)}\n`;
}
