import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, makeRun, type FakeServices } from '../api/fakes.testing';
import { fakeRunsService } from './runs.testing';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useTrashStore } from './trash';

let calls: string[];
let events: FakeEvents;
beforeEach(() => {
  setActivePinia(createPinia());
  calls = [];
  events = new FakeEvents();
  fake.api = emptyServices(events);
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

  it('drops a run restored elsewhere (the Runs page’s Undo) when its change arrives', async () => {
    const trash = useTrashStore();
    await trash.load();
    events.emit('onDidChangeRun', makeRun(3, { status: 'queued' }));
    expect(trash.runs.map((r) => r.id)).toEqual([1, 2]);
    expect(calls).toEqual([]);
    // A change of a run that is not in the trash leaves the list alone.
    events.emit('onDidChangeRun', makeRun(9));
    expect(trash.runs.map((r) => r.id)).toEqual([1, 2]);
  });

  it('shows a run moved to the trash elsewhere, once, as it is now', async () => {
    const trash = useTrashStore();
    await trash.load();
    await trash.load();
    expect(events.count('onDidChangeRun')).toBe(1);
    events.emit('onDidChangeRun', makeRun(7, { deletedAt: '2026-12-06T10:00:00.000Z' }));
    events.emit(
      'onDidChangeRun',
      makeRun(1, { deletedAt: '2026-12-06T09:00:00.000Z', tags: ['x'] }),
    );
    expect(trash.visible.map((r) => r.id)).toEqual([7, 1, 2, 3]);
    expect(trash.runs.find((r) => r.id === 1)?.tags).toEqual(['x']);
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
