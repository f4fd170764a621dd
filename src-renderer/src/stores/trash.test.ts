import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, type FakeServices } from '../api/fakes.testing';
import { fakeRunsService } from './runs.testing';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useTrashStore } from './trash';

let calls: string[];
beforeEach(() => {
  setActivePinia(createPinia());
  calls = [];
  fake.api = emptyServices(new FakeEvents());
  fake.api.runs = { ...fake.api.runs, ...fakeRunsService(calls) };
});

describe('useTrashStore', () => {
  it('lists the most recently deleted first', async () => {
    const trash = useTrashStore();
    await trash.load();
    expect(trash.visible.map((r) => r.id)).toEqual([2, 3, 1]);
  });

  it('restores runs and drops them from the trash', async () => {
    const trash = useTrashStore();
    await trash.load();
    trash.toggle(1);
    expect(await trash.restore([1])).toBe(1);
    expect(calls).toEqual(['restore 1']);
    expect(trash.runs.map((r) => r.id)).toEqual([2, 3]);
    expect(trash.selectedIds).toEqual([]);
  });

  it('purges what may be purged, a queued run too, and counts the training run it kept', async () => {
    const trash = useTrashStore();
    await trash.load();
    expect(await trash.purge([1, 2, 3])).toEqual({ purged: 2, kept: 1 });
    expect(calls).toEqual(['purge 1,3']);
    expect(trash.runs.map((r) => r.id)).toEqual([2]);
  });

  it('shows the core’s refusal and keeps the list as it was', async () => {
    fake.api.runs!.purge = async () => {
      throw new Error('Run 3 is not in the trash');
    };
    const trash = useTrashStore();
    await trash.load();
    expect(await trash.purge([3])).toBeUndefined();
    expect(trash.error).toBe('Run 3 is not in the trash');
    expect(trash.runs).toHaveLength(3);
  });
});
