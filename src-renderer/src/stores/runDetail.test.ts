import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, makeRun, type FakeServices } from '../api/fakes.testing';
import type { RunDetail } from '../../../src-shared/contract/types';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useRunDetailStore } from './runDetail';

const imported = (path: string | undefined): RunDetail => ({
  ...makeRun(7),
  config: { ...makeRun(7).config, dataset: { kind: 'csv', path: path ?? '/mine.csv' } },
  epochs: [],
  findings: [],
  ...(path === undefined ? {} : { foreignDatasetPath: path }),
});

beforeEach(() => {
  setActivePinia(createPinia());
  fake.api = emptyServices(new FakeEvents());
  fake.api.runs.get = async () => imported('/home/sender/data.csv');
});

describe('pointing an imported run at a dataset here', () => {
  it('shows the run the owner returns, no longer foreign', async () => {
    const asked: [number, string][] = [];
    fake.api.runs.relinkDataset = async (id: number, path: string) => {
      asked.push([id, path]);
      return imported(undefined);
    };
    const detail = useRunDetailStore();
    await detail.load(7);
    await detail.relinkDataset('/mine.csv');
    expect(asked).toEqual([[7, '/mine.csv']]);
    expect(detail.run?.foreignDatasetPath).toBeUndefined();
    expect(detail.relinkError).toBeNull();
  });

  it("keeps the run as it was and shows the owner's sentence when the path is refused", async () => {
    fake.api.runs.relinkDataset = async () => {
      throw new Error('Invalid dataset path: layers[0]: must be 3');
    };
    const detail = useRunDetailStore();
    await detail.load(7);
    await detail.relinkDataset('/wrong.csv');
    expect(detail.relinkError).toBe('Invalid dataset path: layers[0]: must be 3');
    expect(detail.run?.foreignDatasetPath).toBe('/home/sender/data.csv');
  });
});
