/**
 * A fake runs service for the Runs and Trash store tests: three live runs (4–6, some tagged
 * "a"), three in the trash (1–3, deleted a minute apart, run 2 still training, run 3 queued), and every write
 * recorded in `calls` as "restore 1", "purge 1,3", "update 4 {…}".
 */
import { makeRun, type FakeServices } from '../api/fakes.testing';
import type { RunQuery } from '../../../src-shared/contract/types';

const deletedAt = (minute: number) => new Date(Date.UTC(2025, 0, 2, 0, minute)).toISOString();

export function fakeRunsService(calls: string[]): FakeServices['runs'] {
  return {
    list: async (q: RunQuery) =>
      q.deleted
        ? [
            makeRun(1, { deletedAt: deletedAt(1) }),
            makeRun(2, { deletedAt: deletedAt(3), status: 'running' }),
            makeRun(3, { deletedAt: deletedAt(2), tags: ['a'], status: 'queued' }),
          ]
        : [makeRun(4, { tags: ['a'] }), makeRun(5), makeRun(6, { tags: ['a', 'b'] })],
    restore: async (ids: number[]) => void calls.push(`restore ${ids}`),
    purge: async (ids: number[]) => void calls.push(`purge ${ids}`),
    update: async (id, patch) => {
      calls.push(`update ${id} ${JSON.stringify(patch)}`);
      return makeRun(id, patch);
    },
  };
}
