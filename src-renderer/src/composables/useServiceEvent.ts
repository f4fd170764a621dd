/**
 * Subscribes to a contract event for as long as the calling component (or effect scope) lives:
 * `useServiceEvent(api.queue.onDidAppendEpoch, (e) => ...)`. The subscription is disposed when
 * the scope is, so a view that is left stops listening.
 */
import { getCurrentScope, onScopeDispose } from 'vue';
import type { Event } from '../../../src-shared/contract/services';

export function useServiceEvent<T>(event: Event<T>, listener: (e: T) => void): void {
  const subscription = event(listener);
  if (getCurrentScope()) onScopeDispose(() => subscription.dispose());
}
