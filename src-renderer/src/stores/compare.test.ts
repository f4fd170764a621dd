import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import {
  emptyServices,
  FakeEvents,
  makeCurve,
  makeRun,
  type FakeServices,
} from '../api/fakes.testing';
import type { RunDetail } from '../../../src-shared/contract/types';
import { presetById } from '../../../src-shared/experiment/presets';
import { loggedRun } from '../../../src-shared/experiment/run-view.testing';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useCompareStore } from './compare';
import { readCompareQuery } from '../compare/compareUrl';

const stuck = makeRun(1, { name: 'Stuck network' }, presetById('stuck-network')?.config);
const fixed = makeRun(2, { name: 'Fixed init' }, presetById('fixed-init')?.config);
const finding = {
  rule: 'saturated-layer',
  severity: 'error' as const,
  epoch: 0,
  title: 't',
  message: 'm',
  evidence: {},
  suggestion: 's',
};
const kerasMetrics = [
  { key: 'val_acc', step: 50, epoch: 1, value: 0.7 },
  { key: 'val_acc', step: 100, epoch: 2, value: 0.8 },
  { key: 'loss', step: 100, epoch: 2, value: 0.3 },
];
let curveCalls: number[][];

beforeEach(() => {
  setActivePinia(createPinia());
  curveCalls = [];
  fake.api = emptyServices(new FakeEvents());
  const details: Record<number, RunDetail> = {
    1: { ...stuck, epochs: [], findings: [finding] },
    2: { ...fixed, epochs: [], findings: [] },
    3: { ...loggedRun(3, { optimizer: 'adam' }, kerasMetrics), name: 'Keras run' },
  };
  fake.api.runs.get = async (id: number) => {
    if (!details[id]) throw new Error(`run ${id} does not exist`);
    return details[id];
  };
  fake.api.datasets.list = async () => [
    { id: 'mnist', trainCount: 50_000 } as Awaited<
      ReturnType<FakeServices['datasets']['list']>
    >[number],
  ];
  fake.api.runs.curves = async (ids: number[]) => {
    curveCalls.push(ids);
    // The server gives a logged run no epoch curve.
    return ids
      .filter((id) => id !== 3)
      .map((id) => makeCurve(id, id === 1 ? [0.1, 0.1] : [0.1, 0.9]));
  };
});

describe('useCompareStore', () => {
  it('asks for at least two runs and loads nothing for one', async () => {
    const compare = useCompareStore();
    await compare.load([1]);
    expect(compare.selectionProblem).toBe('Pick at least 2 runs to compare.');
    expect(curveCalls).toEqual([]);
  });

  it('refuses more than a hundred runs', async () => {
    const compare = useCompareStore();
    await compare.load(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(compare.selectionProblem).toBe('Compare at most 100 runs at a time.');
    expect(curveCalls).toEqual([]);
  });

  it('asks for a hundred runs’ curves in calls of at most 50 ids', async () => {
    const details = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [
        i + 1,
        { ...makeRun(i + 1), epochs: [], findings: [] },
      ]),
    );
    fake.api.runs.get = async (id: number) => details[id];
    const compare = useCompareStore();
    await compare.load(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(compare.selectionProblem).toBeNull();
    expect(curveCalls.map((c) => c.length)).toEqual([50, 50]);
    // The fake gives run 3 (a logged run elsewhere in these tests) no curve.
    expect(compare.curves).toHaveLength(99);
  });

  it('shows only the init rows for the stuck and fixed presets when only differences are shown', async () => {
    const compare = useCompareStore();
    await compare.load([1, 2, 2]);
    expect(compare.ids).toEqual([1, 2]);
    expect(compare.diffRows.map((r) => r.path)).toEqual([
      'init.weights.low',
      'init.weights.high',
      'init.biases.low',
      'init.biases.high',
    ]);
    compare.onlyDiffers = false;
    expect(compare.diffRows.length).toBeGreaterThan(10);
    expect(compare.diffRows.some((r) => r.path === 'learningRate' && !r.differs)).toBe(true);
  });

  it('keeps each run’s findings and draws one series per run by default', async () => {
    const compare = useCompareStore();
    await compare.load([1, 2]);
    expect(compare.findings[1].map((f) => f.rule)).toEqual(['saturated-layer']);
    expect(compare.series.map((s) => [s.label, Array.from(s.y)])).toEqual([
      ['Stuck network', [0.1, 0.1]],
      ['Fixed init', [0.1, 0.9]],
    ]);
  });

  it('switches the plotted metric without reloading', async () => {
    const compare = useCompareStore();
    await compare.load([1, 2]);
    compare.metricIds = ['trainCost'];
    expect(Array.from(compare.series[1].y).map((v) => Number(v?.toFixed(3)))).toEqual([0.9, 0.1]);
    expect(curveCalls.length).toBe(1);
  });

  it('draws several metrics on one chart, one series per run and metric', async () => {
    const compare = useCompareStore();
    await compare.load([1, 2]);
    compare.metricIds = ['validationAccuracy', 'trainCost'];
    expect(compare.series.map((s) => s.label)).toEqual([
      'Stuck network · Validation accuracy',
      'Fixed init · Validation accuracy',
      'Stuck network · Training cost',
      'Fixed init · Training cost',
    ]);
    expect(compare.metricInfo.id).toBe('validationAccuracy');
  });

  it('draws a metric the URL names twice once per run', async () => {
    const compare = useCompareStore();
    await compare.load([1, 2]);
    compare.setView(readCompareQuery({ ids: '1,2', m: ['trainCost', 'trainCost'] }));
    expect(compare.series.map((s) => s.label)).toEqual(['Stuck network', 'Fixed init']);
  });

  it('puts a logged run beside a trained one by epoch and by step, and says which has no examples count', async () => {
    const compare = useCompareStore();
    await compare.load([2, 3]);
    expect(compare.metrics.find((m) => m.id === 'validationAccuracy')?.keys).toEqual(['val_acc']);
    expect(compare.series.map((s) => [s.label, Array.from(s.x), Array.from(s.y)])).toEqual([
      ['Fixed init', [0, 1], [0.1, 0.9]],
      ['Keras run', [1, 2], [0.7, 0.8]],
    ]);
    expect(compare.missing).toBeNull();
    compare.axis = 'step';
    const steps = Math.ceil(50_000 / fixed.config.batchSize);
    expect(compare.series.map((s) => [s.label, Array.from(s.x)])).toEqual([
      ['Fixed init', [0, steps]],
      ['Keras run', [50, 100]],
    ]);
    expect(compare.missing).toBeNull();
    compare.axis = 'examples';
    expect(compare.series.map((s) => [s.label, Array.from(s.x)])).toEqual([
      ['Fixed init', [0, 50_000]],
    ]);
    expect(compare.missing).toMatch(/for #3\. Logged runs do not say how many examples/);
    expect(compare.diffRows.map((r) => r.path)).toContain('optimizer');
    expect(compare.diffRows.find((r) => r.path === 'layers')?.values).toEqual([
      fixed.config.layers,
      undefined,
    ]);
  });

  it('reports a run that cannot be loaded as an error', async () => {
    const compare = useCompareStore();
    await compare.load([1, 99]);
    expect(compare.error).toBe('run 99 does not exist');
    expect(compare.loading).toBe(false);
  });

  it('gives runs of one group the same colour and runs of different groups different colours', async () => {
    const compare = useCompareStore();
    await compare.load([1, 2]);
    expect(compare.colors[1]).not.toBe(compare.colors[2]);
    compare.groupBy = { kind: 'path', path: 'learningRate' };
    expect(compare.groups).toHaveLength(1);
    expect(compare.colors[1]).toBe(compare.colors[2]);
  });
});
