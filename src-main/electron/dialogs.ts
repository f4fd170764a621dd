/**
 * The native file dialogs behind `window.desktop` (src-shared/contract/desktop.ts): one IPC
 * handler per method, answering only our own page, its arguments checked by the shared schemas.
 * Answers use the contract's envelope ({ok, value} | {ok: false, error}); the preload unwraps it.
 */
import type { BrowserWindow, Dialog, IpcMain, WebFrameMain } from 'electron';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  desktopSchemas,
  type DatasetPathKind,
  type DesktopFiles,
  type PickedFile,
} from '../../src-shared/contract/desktop';
import { messageOf } from '../../src-shared/base/errors';
import { parseOrThrow } from '../../src-shared/base/validation';

/** The largest bundle the dialog reads: the limit `backprop serve` puts on a call's body. */
export const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;

export interface DialogHost {
  ipcMain: Pick<IpcMain, 'handle'>;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window a dialog belongs to (modal to it). */
  window: () => BrowserWindow | null;
  /** Where the save dialog starts. */
  downloads: string;
  trusted: (frame: WebFrameMain | null) => boolean;
}

function desktopFiles(host: DialogHost): DesktopFiles {
  const open = (options: Electron.OpenDialogOptions) => {
    const win = host.window();
    return win ? host.dialog.showOpenDialog(win, options) : host.dialog.showOpenDialog(options);
  };
  return {
    async chooseDatasetPath(kind: DatasetPathKind) {
      const picked = await open(
        kind === 'csv'
          ? {
              title: 'Choose a CSV file',
              properties: ['openFile'],
              filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }],
            }
          : { title: 'Choose a folder of idx files', properties: ['openDirectory'] },
      );
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    async openBundle() {
      const picked = await open({
        title: 'Import a run bundle',
        properties: ['openFile'],
        filters: [{ name: 'Run bundles', extensions: ['bpbundle', 'json'] }],
      });
      const path = picked.canceled ? undefined : picked.filePaths[0];
      return path ? readBundle(path) : null;
    },
    async saveExport(file: PickedFile) {
      const options = {
        title: 'Save the export',
        defaultPath: join(host.downloads, file.fileName),
      };
      const win = host.window();
      const picked = await (win
        ? host.dialog.showSaveDialog(win, options)
        : host.dialog.showSaveDialog(options));
      if (picked.canceled || !picked.filePath) return null;
      await writeFile(picked.filePath, Buffer.from(file.base64, 'base64'));
      return picked.filePath;
    },
  };
}

/** A bundle's bytes as base64, refusing what is not a regular file or is over the limit. */
export async function readBundle(path: string): Promise<PickedFile> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  if (info.size > MAX_BUNDLE_BYTES)
    throw new Error(
      `${path} is ${info.size} bytes, over the ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB limit for a bundle`,
    );
  return { fileName: basename(path), base64: (await readFile(path)).toString('base64') };
}

export function registerDesktopFiles(host: DialogHost): void {
  const files = desktopFiles(host);
  for (const method of Object.keys(desktopSchemas) as (keyof typeof desktopSchemas)[]) {
    host.ipcMain.handle(`desktop.${method}`, async (event, args: unknown) => {
      if (!host.trusted(event.senderFrame))
        return { ok: false, error: { message: 'Untrusted sender' } };
      try {
        const parsed = parseOrThrow(desktopSchemas[method], args, `desktop.${method}`) as never[];
        const call = files[method] as (...a: never[]) => Promise<unknown>;
        return { ok: true, value: await call(...parsed) };
      } catch (error) {
        return { ok: false, error: { message: messageOf(error) } };
      }
    });
  }
}
