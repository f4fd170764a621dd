/**
 * A client of the contract over any transport: `client.runs.list(...)`,
 * `client.queue.onDidChangeRun(fn)`. Generated from the contract's method and event lists, so it
 * always matches the core. The renderer uses it over IPC or HTTP, the CLI over HTTP to the store's
 * owner.
 */
import {
  contractEvents,
  contractMethods,
  type Disposable,
  type EventId,
  type MethodId,
  type Services,
} from './services';

export interface Transport {
  invoke(method: MethodId, args: unknown[]): Promise<unknown>;
  subscribe(event: EventId, listener: (payload: unknown) => void): () => void;
}

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
