/**
 * The one client the renderer uses: `api.runs.list(...)`, `api.queue.onDidChangeRun(fn)`.
 * Generated from the contract's method and event lists (src-shared/contract/client.ts), so it
 * always matches the core; over IPC in the Electron window, over HTTP in a browser.
 */
import { createClient, type Transport } from '../../../src-shared/contract/client';
import type { Services } from '../../../src-shared/contract/services';
import { httpTransport, ipcTransport, type PreloadApi } from './transport';

declare global {
  interface Window {
    /** Present only in the Electron window (exposed by the preload). */
    api?: PreloadApi;
  }
}

function defaultTransport(): Transport {
  return window.api ? ipcTransport(window.api) : httpTransport();
}

export const api: Services = createClient(defaultTransport());
export { ApiError } from './transport';
