/**
 * The preload: exposes exactly the contract's methods and events as `window.api`, and the native
 * file dialogs (src-shared/contract/desktop.ts) as `window.desktop`, nothing else. Each method
 * forwards its arguments over one IPC channel named after it; the main process validates them
 * (src-shared/contract/dispatch.ts, electron/dialogs.ts) before any handler runs.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contractEvents, contractMethods } from '../../src-shared/contract/services';
import { desktopMethods } from '../../src-shared/contract/desktop';

type Member = (...args: unknown[]) => unknown;
const api: Record<string, Record<string, Member>> = {};

for (const [service, methods] of Object.entries(contractMethods)) {
  api[service] = {};
  for (const method of methods) {
    api[service][method] = (...args: unknown[]) => ipcRenderer.invoke(`${service}.${method}`, args);
  }
}
for (const [service, events] of Object.entries(contractEvents)) {
  for (const event of events) {
    const channel = `event:${service}.${event}`;
    api[service][event] = (listener: unknown) => {
      if (typeof listener !== 'function')
        throw new TypeError(`${service}.${event} needs a function`);
      const handler = (_e: IpcRendererEvent, payload: unknown) =>
        (listener as (p: unknown) => void)(payload);
      ipcRenderer.on(channel, handler);
      return () => ipcRenderer.removeListener(channel, handler);
    };
  }
}

/** The dialogs answer in the contract's envelope; the page gets the value or an Error. */
const desktop: Record<string, Member> = {};
for (const method of desktopMethods) {
  desktop[method] = async (...args: unknown[]) => {
    const answer = (await ipcRenderer.invoke(`desktop.${method}`, args)) as
      { ok: true; value: unknown } | { ok: false; error: { message: string } };
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  };
}

contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('desktop', desktop);
