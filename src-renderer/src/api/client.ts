/**
 * The one client the renderer uses: `api.runs.list(...)`, `api.queue.onDidChangeRun(fn)`.
 * Generated from the contract's method and event lists, so it always matches the core.
 */
import {
  contractEvents,
  contractMethods,
  type Disposable,
  type EventId,
  type MethodId,
  type Services,
} from '../../../src-shared/contract/services';
import { httpTransport, ipcTransport, type PreloadApi, type Transport } from './transport';

export function createClient(transport: Transport): Services {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [service, methods] of Object.entries(contractMethods)) {
    client[service] = {};
    for (const method of methods) {
      client[service][method] = (...args: unknown[]) =>
        transport.invoke(`${service}.${method}` as MethodId, args);
    }
  }
  for (const [service, events] of Object.entries(contractEvents)) {
    for (const event of events) {
      client[service][event] = (listener: (e: unknown) => void): Disposable => {
        const off = transport.subscribe(`${service}.${event}` as EventId, listener);
        return { dispose: off };
      };
    }
  }
  return client as unknown as Services;
}

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
