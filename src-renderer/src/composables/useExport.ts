/**
 * Exports a report through the core and saves it: in the desktop app through the system's save
 * dialog (window.desktop), in the browser as a Blob behind an <a download>. Tracks progress
 * (elapsed seconds) so long PDF exports never look frozen.
 */
import { onScopeDispose, ref } from 'vue';
import { api } from '../api/client';
import type { ExportRequest, ExportResult } from '../../../src-shared/contract/types';
import { messageOf } from '../stores/errors';
import { desktopFiles } from '../api/desktop';

/** Saves the file; the name it was saved under, or null when the save dialog was cancelled. */
async function saveFile(result: ExportResult): Promise<string | null> {
  if (desktopFiles)
    return desktopFiles.saveExport({ fileName: result.fileName, base64: result.base64 });
  download(result);
  return result.fileName;
}

function download(result: ExportResult): void {
  const bytes = Uint8Array.from(atob(result.base64), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: result.mimeType }), result.fileName);
}

/** Saves a file the page made, as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useExport() {
  const exporting = ref(false);
  const elapsed = ref(0);
  const error = ref<string | null>(null);
  const last = ref<{ fileName: string; bytes: number } | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  onScopeDispose(() => clearInterval(timer));

  async function run(request: ExportRequest): Promise<void> {
    exporting.value = true;
    error.value = null;
    elapsed.value = 0;
    const started = Date.now();
    timer = setInterval(() => (elapsed.value = Math.round((Date.now() - started) / 1000)), 250);
    try {
      const result = await api.reports.export(request);
      const saved = await saveFile(result);
      const bytes = Math.floor((result.base64.length * 3) / 4);
      last.value = saved === null ? null : { fileName: saved, bytes };
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      clearInterval(timer);
      exporting.value = false;
    }
  }

  return { exporting, elapsed, error, last, run };
}
