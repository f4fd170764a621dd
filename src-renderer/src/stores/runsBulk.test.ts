import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, makeRun, type FakeServices } from '../api/fakes.testing';
import type { RunQuery } from '../../../src-shared/contract/types';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useRunsStore } from './runs';
import { useRunsBulkStore } from './runsBulk';

let calls: string[];
beforeEach(() => {
  setActivePinia(createPinia());
  calls = [];
  fake.api = emptyServices(new FakeEvents());
  const deletedAt = (minute: number) => new Date(Date.UTC(2025, 0, 2, 0, minute)).toISOString();
  fake.api.runs = {
    ...fake.api.runs,
    list: async (q: RunQuery) =>
      q.deleted
        ? [
            makeRun(1, { deletedAt: deletedAt(1) }),
            makeRun(2, { deletedAt: deletedAt(3), status: 'queued' }),
            makeRun(3, { deletedAt: deletedAt(2), tags: ['a'] }),
          ]
        : [makeRun(4, { tags: ['a'] }), makeRun(5), makeRun(6, { tags: ['a', 'b'] })],
    restore: async (ids: number[]) => void calls.push(`restore ${ids}`),
    purge: async (ids: number[]) => void calls.push(`purge ${ids}`),
    update: async (id: number, patch) => {
      calls.push(`update ${id} ${JSON.stringify(patch)}`);
      return makeRun(id, patch);
    },
  };
});

describe('useRunsBulkStore', () => {
  it('writes only the selected runs a tag change changes, and shows the result', async () => {
    const runs = useRunsStore();
    await runs.load();
    [4, 5, 6].forEach((id) => runs.toggle(id));
    const bulk = useRunsBulkStore();
    const changed = await bulk.updateSelected('Untagging', (r) =>
      r.tags.includes('a') ? { tags: r.tags.filter((t) => t !== 'a') } : null,
    );
    expect(changed).toBe(2);
    expect(calls.sort()).toEqual(['update 4 {"tags":[]}', 'update 6 {"tags":["b"]}']);
    expect(runs.all.map((r) => r.tags)).toEqual([[], [], ['b']]);
    expect(bulk.progress).toBeNull();
  });

  it('applies a burst of run events as one change', async () => {
    vi.useFakeTimers();
    const runs = useRunsStore();
    await runs.load();
    runs.upsert(makeRun(4, { name: 'renamed' }));
    runs.upsert(makeRun(7));
    expect(runs.all.map((r) => r.id)).toEqual([4, 5, 6]);
    vi.advanceTimersByTime(100);
    expect(runs.all.map((r) => r.name)).toEqual(['renamed', 'run 5', 'run 6', 'run 7']);
    vi.useRealTimers();
  });
});
