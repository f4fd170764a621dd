/** Saving an export in the desktop app: through window.desktop's save dialog, not a download. */
import { effectScope } from 'vue';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportRequest } from '../../../src-shared/contract/types';
import type { useExport as UseExport } from './useExport';

const saveExport = vi.fn<(file: { fileName: string; base64: string }) => Promise<string | null>>();
const result = { fileName: 'report.html', mimeType: 'text/html', base64: 'PGgxPg==' };

vi.mock('../api/client', () => ({ api: { reports: { export: vi.fn(async () => result) } } }));

let useExport: typeof UseExport;
beforeAll(async () => {
  vi.stubGlobal('window', { desktop: { saveExport } });
  ({ useExport } = await import('./useExport'));
});

describe('exporting in the desktop app', () => {
  const request = { kind: 'run', runId: 1, format: 'html' } as unknown as ExportRequest;

  it('saves through the save dialog and names where the file went', async () => {
    saveExport.mockResolvedValueOnce('/home/ada/Documents/report.html');
    const scope = effectScope();
    const exporter = scope.run(() => useExport())!;
    await exporter.run(request);
    expect(saveExport).toHaveBeenCalledWith({ fileName: 'report.html', base64: 'PGgxPg==' });
    expect(exporter.last.value).toEqual({ fileName: '/home/ada/Documents/report.html', bytes: 6 });
    expect(exporter.error.value).toBeNull();
    scope.stop();
  });

  it('claims nothing was saved when the dialog is cancelled, and shows a failure', async () => {
    const scope = effectScope();
    const exporter = scope.run(() => useExport())!;
    saveExport.mockResolvedValueOnce(null);
    await exporter.run(request);
    expect(exporter.last.value).toBeNull();
    saveExport.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    await exporter.run(request);
    expect(exporter.error.value).toMatch(/permission denied/);
    scope.stop();
  });
});
