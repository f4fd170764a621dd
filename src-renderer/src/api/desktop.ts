/**
 * The desktop app's native file dialogs (`window.desktop`, from the preload; the contract is
 * src-shared/contract/desktop.ts). Null in a browser, and in a desktop window showing another
 * owner's pages: those keep the browser's own pickers (<input type="file">, a download).
 */
import type { DesktopFiles } from '../../../src-shared/contract/desktop';

declare global {
  interface Window {
    /** Present only in the Electron window that owns its store (exposed by the preload). */
    desktop?: DesktopFiles;
  }
}

export const desktopFiles: DesktopFiles | null = window.desktop ?? null;
