import { describe, expect, it } from 'vitest';
import {
  isActive,
  isCancellable,
  isPausable,
  isResumable,
  isTerminal,
  isUnfinished,
  isWaiting,
  runStatuses,
  statusesWhere,
} from './run-status';

describe('run status meanings', () => {
  it('puts every status in exactly one of active, waiting and terminal', () => {
    for (const status of runStatuses) {
      const groups = [isActive(status), isWaiting(status), isTerminal(status)].filter(Boolean);
      expect(groups, status).toHaveLength(1);
    }
  });

  it('answers as the lifecycle says', () => {
    const table = Object.fromEntries(
      runStatuses.map((s) => [
        s,
        [isTerminal, isUnfinished, isResumable, isCancellable, isPausable]
          .map((f) => (f(s) ? 1 : 0))
          .join(''),
      ]),
    );
    // terminal, unfinished, resumable, cancellable, pausable
    expect(table).toEqual({
      queued: '01011',
      running: '01011',
      paused: '01110',
      interrupted: '01110',
      completed: '10000',
      diverged: '10000',
      failed: '10100',
      cancelled: '10100',
    });
  });

  it('lists the statuses that pass a test, in the canonical order', () => {
    expect(statusesWhere(isWaiting)).toEqual(['paused', 'interrupted']);
    expect(statusesWhere(isTerminal)).toEqual(['completed', 'failed', 'cancelled', 'diverged']);
  });
});
