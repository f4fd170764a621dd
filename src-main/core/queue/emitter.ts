/** A minimal typed event source matching the contract's `Event<T>` (subscribe returns a Disposable). */
import type { Event } from '../../../src-shared/contract/services';

export interface Emitter<T> {
  event: Event<T>;
  fire(value: T): void;
}

export function createEmitter<T>(): Emitter<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    event: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    fire(value) {
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          // One broken subscriber must not stop the queue or the other subscribers.
          console.error('Event listener failed:', error);
        }
      }
    },
  };
}
