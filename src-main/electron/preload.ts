/**
 * The preload: exposes exactly the contract's methods and events as `window.api`, nothing else.
 * Each method forwards its arguments over one IPC channel named after it; the main process
 * validates them (src-shared/contract/dispatch.ts) before any handler runs.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contractEvents, contractMethods } from '../../src-shared/contract/services';

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

contextBridge.exposeInMainWorld('api', api);
