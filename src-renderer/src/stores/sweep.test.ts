import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { emptyServices, FakeEvents, type FakeServices } from '../api/fakes.testing';
import type { SweepSpecInput } from '../../../src-shared/experiment/sweep';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useSweepStore } from './sweep';
import { useExperimentFormStore } from './experimentForm';

// The form starts on nielsen-ch1: 784-30-10, sigmoid.
const base = { layers: [784, 30, 10], learningRate: 3, batchSize: 10 };
let asked: SweepSpecInput[];

beforeEach(() => {
  setActivePinia(createPinia());
  asked = [];
  fake.api = emptyServices(new FakeEvents());
  fake.api.queue.previewSweep = async (spec: SweepSpecInput) => {
    asked.push(spec);
    const rows = Object.values(spec.grid ?? {}).reduce((n, v) => n * v.length, 1);
    return { count: rows * (spec.seeds?.length ?? 1) };
  };
});

describe('useSweepStore', () => {
  it('is inactive with no varied field and one seed', () => {
    expect(useSweepStore().active).toBe(false);
  });

  it('builds a grid spec from the rows and seeds and shows the core’s count', async () => {
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.rows[0].text = '0.1, 3';
    sweep.seedsText = '2 seeds';
    await sweep.refreshPreview();
    expect(asked[0]).toMatchObject({ grid: { learningRate: [0.1, 3] }, seeds: [1, 2], base });
    expect(sweep.preview).toEqual({ count: 4, error: null, pending: false });
  });

  it('names the bad row and does not ask the core while a row cannot be read', async () => {
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.rows[0].text = '0.1, fast';
    await sweep.refreshPreview();
    expect(sweep.parsed.rowErrors).toEqual(['Learning rate η: "fast" is not a number']);
    expect(asked).toEqual([]);
  });

  it('offers a field not yet varied when a row is added', () => {
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.addRow();
    expect(sweep.rows.map((r) => r.path)).toEqual(['learningRate', 'batchSize']);
  });

  it('starts a row with its field’s default values, and starts over when the field changes', () => {
    const sweep = useSweepStore();
    sweep.addRow();
    expect(sweep.rows[0]).toEqual({
      path: 'learningRate',
      label: 'Learning rate η',
      text: '0.1, 0.5, 3',
    });
    sweep.rows[0].text = '0.2, 0.4';
    sweep.setRowField(0, 'init.weights');
    expect(sweep.rows[0]).toMatchObject({
      path: 'init.weights',
      text: 'U[0,1), U[-0.5,0.5), N(0,1)',
    });
    sweep.setRowField(0, 'layers');
    expect(sweep.rows[0].text).toBe('784-30-10');
    expect(sweep.parsed.rowErrors).toEqual([null]);
  });

  it('refuses a field varied in two rows, and a value listed twice', () => {
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.addRow();
    sweep.setRowField(1, 'learningRate');
    expect(sweep.parsed.rowErrors).toEqual([
      null,
      'Learning rate η is already varied in row 1: put all its values there',
    ]);
    expect(sweep.parsed.ok).toBe(false);
    sweep.removeRow(1);
    sweep.rows[0].text = '0.5, 3, 0.5';
    expect(sweep.parsed.rowErrors).toEqual(['Learning rate η: "0.5" is listed twice']);
  });

  it('shows the core’s error, and a newer answer wins over an older one', async () => {
    const sweep = useSweepStore();
    sweep.seedsText = '1, 2';
    let release: () => void = () => undefined;
    fake.api.queue.previewSweep = () =>
      new Promise(
        (_, reject) => (release = () => reject(new Error('sweep.base.layers: required'))),
      );
    const slow = sweep.refreshPreview();
    fake.api.queue.previewSweep = async () => ({ count: 2 });
    await sweep.refreshPreview();
    release();
    await slow;
    expect(sweep.preview.count).toBe(2);
    fake.api.queue.previewSweep = async () => {
      throw new Error('sweep.base.layers: required');
    };
    await sweep.refreshPreview();
    expect(sweep.preview.error).toBe('sweep.base.layers: required');
  });

  it('gives one issue per row in error, at the control to fix, and one for the seeds', () => {
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.addRow();
    sweep.addRow();
    sweep.rows[0].text = '0.1, x';
    sweep.rows[2] = { ...sweep.rows[0], text: '1' };
    sweep.seedsText = 'many';
    expect(sweep.issues.map((i) => [i.controlId, i.label])).toEqual([
      ['sweep-values-0', 'Sweep row 1'],
      ['sweep-field-2', 'Sweep row 3'],
      ['sweep-seeds', 'Sweep seeds'],
    ]);
    expect(sweep.issues[1].message).toMatch(/already varied in row 1/);
    sweep.rows[0].text = '0.1, 3';
    sweep.removeRow(2);
    sweep.seedsText = '1';
    expect(sweep.issues).toEqual([]);
  });

  it('offers the conv net’s fields and sends their values over the form’s config', async () => {
    useExperimentFormStore().applyPreset('nielsen-ch6-shallow-conv');
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.setRowField(0, 'features.layers.0.filters');
    expect(sweep.rows[0]).toEqual({
      path: 'features.layers.0.filters',
      label: 'Conv layer 1 filters',
      text: '10, 20, 40',
    });
    sweep.rows[0].text = '10, 20';
    await sweep.refreshPreview();
    expect(asked[0].grid).toEqual({ 'features.layers.0.filters': [10, 20] });
    expect(asked[0].base).toMatchObject({ layers: [2880, 100, 10] });
    expect(sweep.preview.count).toBe(2);
  });

  it('flags a row whose conv layer the user removed, drops the count and asks nothing', async () => {
    const form = useExperimentFormStore();
    form.applyPreset('nielsen-ch6-shallow-conv');
    const sweep = useSweepStore();
    sweep.addRow();
    sweep.setRowField(0, 'features.layers.0.filters');
    await sweep.refreshPreview();
    expect(sweep.preview.count).toBe(3);
    const layers = form.get('layers') as { type: string }[];
    form.set(
      'layers',
      layers.filter((l) => l.type !== 'conv2d' && l.type !== 'maxpool'),
    );
    await nextTick();
    expect(sweep.parsed.ok).toBe(false);
    expect(sweep.issues).toEqual([
      {
        controlId: 'sweep-field-0',
        label: 'Sweep row 1',
        message: expect.stringMatching(/^"Conv layer 1 filters" is gone from the network/),
      },
    ]);
    expect(sweep.preview.count).toBeNull();
    await sweep.refreshPreview();
    expect(asked).toHaveLength(1);
  });
});
