/**
 * Fans the contract's events out to any number of listeners (SSE clients, IPC windows): one
 * subscription per event on the core, however many clients listen.
 */
import { contractEvents, type EventId, type Services } from '../../src-shared/contract/services';

export type EventListener = (event: EventId, payload: unknown) => void;

export function createEventHub(services: Services): {
  listen(fn: EventListener): () => void;
  close(): void;
} {
  const listeners = new Set<EventListener>();
  const disposables = Object.entries(contractEvents).flatMap(([service, events]) =>
    events.map((name) => {
      const id = `${service}.${name}` as EventId;
      const subscribe = (
        services as unknown as Record<string, Record<string, Services['queue']['onDidChangeRun']>>
      )[service][name];
      return subscribe((payload: unknown) => listeners.forEach((fn) => fn(id, payload)));
    }),
  );
  return {
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      disposables.forEach((d) => d.dispose());
      listeners.clear();
    },
  };
}
