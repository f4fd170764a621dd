import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, makeRun, type FakeServices } from '../api/fakes.testing';
import type { RunQuery, RunSummary } from '../../../src-shared/contract/types';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useQueueStore } from './queue';
import { useRecentRunsStore } from './recentRuns';
import { useLiveSeriesStore, SPARK_POINTS } from './liveSeries';

let events: FakeEvents;
let active: RunSummary[];
let calls: string[];
/** The fake core's queue order: the queued runs in `active` order. */
const queuedIds = () => active.filter((r) => r.status === 'queued').map((r) => r.id);

beforeEach(() => {
  setActivePinia(createPinia());
  events = new FakeEvents();
  calls = [];
  active = [
    makeRun(1, { status: 'queued' }),
    makeRun(2, { status: 'running' }),
    makeRun(3, { status: 'queued' }),
    makeRun(4, { status: 'queued' }),
  ];
  fake.api = emptyServices(events);
  fake.api.runs.list = async (q: RunQuery) =>
    q.status?.includes('running') ? active.map((r) => ({ ...r })) : [makeRun(9)];
  fake.api.queue = {
    ...fake.api.queue,
    state: async () => ({ concurrency: 1, paused: false, cores: 2, queuedIds: queuedIds() }),
    setPaused: async (paused: boolean) => ({ concurrency: 1, paused, cores: 2 }),
    move: async (id: number, before: number | null) => {
      calls.push(`move ${id} before ${before}`);
      const run = active.find((r) => r.id === id) as RunSummary;
      active = active.filter((r) => r !== run);
      const at = before === null ? active.length : active.findIndex((r) => r.id === before);
      active.splice(at, 0, run);
    },
    cancel: async (id: number) => void calls.push(`cancel ${id}`),
  };
});

describe('useQueueStore', () => {
  it('lists the running run first and keeps the queued order', async () => {
    const queue = useQueueStore();
    await queue.load();
    expect(queue.ordered.map((r) => r.id)).toEqual([2, 1, 3, 4]);
    expect(queue.state?.paused).toBe(false);
  });

  it('moves a queued run up before its predecessor and down after its successor', async () => {
    const queue = useQueueStore();
    await queue.load();
    await queue.move(3, -1);
    expect(queue.queued.map((r) => r.id)).toEqual([3, 1, 4]);
    await queue.move(3, 1);
    expect(calls).toEqual(['move 3 before 1', 'move 3 before 4']);
    expect(queue.queued.map((r) => r.id)).toEqual([1, 3, 4]);
  });

  it('keeps its own order after a move when the core does not send one', async () => {
    const state = fake.api.queue.state;
    fake.api.queue.state = async () => ({ ...(await state!()), queuedIds: undefined });
    fake.api.runs.list = async (q: RunQuery) =>
      q.status?.includes('running') ? [...active].sort((a, b) => b.id - a.id) : [];
    const queue = useQueueStore();
    await queue.load();
    expect(queue.queued.map((r) => r.id)).toEqual([1, 3, 4]);
    await queue.move(4, -1);
    expect(queue.queued.map((r) => r.id)).toEqual([1, 4, 3]);
  });

  it('does not call the core to move the first run up', async () => {
    const queue = useQueueStore();
    await queue.load();
    await queue.move(1, -1);
    expect(calls).toEqual([]);
  });

  it('moves a run that finishes from the active list to the recent list', async () => {
    const queue = useQueueStore();
    const recent = useRecentRunsStore();
    await Promise.all([queue.load(), recent.load()]);
    queue.connect();
    recent.connect();
    events.emit('onDidChangeRun', makeRun(2, { status: 'completed' }));
    expect(queue.ordered.map((r) => r.id)).toEqual([1, 3, 4]);
    expect(recent.runs.map((r) => r.id)).toEqual([2, 9]);
  });

  it('adds a newly queued run and updates progress from events', async () => {
    const queue = useQueueStore();
    await queue.load();
    queue.connect();
    events.emit('onDidChangeRun', makeRun(5, { status: 'queued' }));
    const progress = {
      epoch: 1,
      epochs: 3,
      batch: 10,
      batches: 100,
      cost: 0.4,
      examplesPerSecond: 1,
      etaSeconds: 5,
    };
    events.emit('onDidProgress', { runId: 2, progress });
    expect(queue.queued.map((r) => r.id)).toEqual([1, 3, 4, 5]);
    expect(queue.ordered[0].progress).toEqual(progress);
  });

  it('subscribes only once however often connect is called', () => {
    const queue = useQueueStore();
    queue.connect();
    queue.connect();
    expect(events.count('onDidChangeRun')).toBe(1);
  });

  it('shows a failed action as an error instead of throwing', async () => {
    fake.api.queue.cancel = async () => {
      throw new Error('run 7 is not in the queue');
    };
    const queue = useQueueStore();
    await queue.cancel(7);
    expect(queue.error).toBe('run 7 is not in the queue');
  });

  it('keeps the global pause state the core returns', async () => {
    const queue = useQueueStore();
    await queue.setPaused(true);
    expect(queue.state?.paused).toBe(true);
  });
});

describe('useLiveSeriesStore', () => {
  it('keeps the last samples of cost and the accuracy per epoch', () => {
    const live = useLiveSeriesStore();
    const progress = {
      epoch: 1,
      epochs: 1,
      batch: 1,
      batches: 1,
      examplesPerSecond: 1,
      etaSeconds: null,
    };
    for (let i = 0; i < SPARK_POINTS + 5; i++)
      live.onProgress({ runId: 1, progress: { ...progress, cost: i } });
    expect(live.byRun[1].cost.length).toBe(SPARK_POINTS);
    expect(live.byRun[1].cost[0]).toBe(5);
  });
});
