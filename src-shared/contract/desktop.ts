/**
 * What the desktop app's preload adds beside the contract, as `window.desktop`: the system's own
 * open and save dialogs for the files a person picks (dataset files and folders, run bundles,
 * exports). The browser has no `window.desktop` and keeps its own pickers (<input type="file">,
 * a download). Each method is one IPC channel named `desktop.<method>`; the main process checks
 * the arguments with these schemas (src-main/electron/dialogs.ts).
 */
import { z } from 'zod';
import { isBase64 } from '../base/base64';
import { strictObject } from '../base/strict-object';

export type DatasetPathKind = 'csv' | 'idx-folder';

export interface PickedFile {
  fileName: string;
  base64: string;
}

export interface DesktopFiles {
  /** A CSV file or an idx folder chosen in the open dialog; null when the dialog was cancelled. */
  chooseDatasetPath(kind: DatasetPathKind): Promise<string | null>;
  /** A run bundle chosen in the open dialog and read whole; null when cancelled. */
  openBundle(): Promise<PickedFile | null>;
  /** Writes an export where the save dialog says; the path written, or null when cancelled. */
  saveExport(file: PickedFile): Promise<string | null>;
}

export const desktopMethods = ['chooseDatasetPath', 'openBundle', 'saveExport'] as const;

/** A file name to suggest: no folders, nothing the save dialog would read as a path. */
const fileName = z
  .string({ error: 'fileName must be a string' })
  .min(1, 'fileName must not be empty')
  .max(255, 'fileName must be at most 255 characters')
  .refine((v) => !/[\\/\0]/.test(v) && v !== '.' && v !== '..', 'fileName must not name a folder');

/** Argument tuples, as the contract's schemas.ts writes them. */
export const desktopSchemas = {
  chooseDatasetPath: z.tuple([
    z.enum(['csv', 'idx-folder'], { error: "kind must be 'csv' or 'idx-folder'" }),
  ]),
  openBundle: z.tuple([]),
  saveExport: z.tuple([
    strictObject({
      fileName,
      base64: z
        .string({ error: 'base64 must be a string' })
        .refine(isBase64, 'base64 must be base64 text'),
    }),
  ]),
} satisfies Record<(typeof desktopMethods)[number], z.ZodType>;
