import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, makeRun, type FakeServices } from '../api/fakes.testing';
import { fakeRunsService } from './runs.testing';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useRunsStore } from './runs';
import { useRunsBulkStore } from './runsBulk';

let calls: string[];
beforeEach(() => {
  setActivePinia(createPinia());
  calls = [];
  fake.api = emptyServices(new FakeEvents());
  fake.api.runs = { ...fake.api.runs, ...fakeRunsService(calls) };
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
