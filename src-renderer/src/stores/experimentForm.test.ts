import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, type FakeServices } from '../api/fakes.testing';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useExperimentFormStore } from './experimentForm';
import { useDatasetsStore } from './datasets';

beforeEach(() => {
  setActivePinia(createPinia());
  fake.api = emptyServices(new FakeEvents());
});

describe('useExperimentFormStore', () => {
  it('starts from a valid preset and replaces the draft when another preset is picked', () => {
    const form = useExperimentFormStore();
    expect(form.valid).toBe(true);
    form.applyPreset('stuck-network');
    expect(form.get('init.weights')).toEqual({ kind: 'uniform', low: 0, high: 1 });
    expect(form.presetId).toBe('stuck-network');
  });

  it('shows an init issue at its row, whichever input caused it, in the form’s words', () => {
    const form = useExperimentFormStore();
    form.applyPreset('stuck-network');
    form.set('init.weights.low', 2);
    expect(form.issue('init.weights')).toBe('Weights high must be greater than low');
    expect(form.hasIssueAt('init.weights.high')).toBe(true);
    expect(form.issue('learningRate')).toBeNull();
  });

  it('counts one issue per highlighted field, each labelled as the form labels it', () => {
    const form = useExperimentFormStore();
    form.set('learningRate', 'fast');
    form.set('batchSize', 0);
    form.set('name', 'x'.repeat(500));
    expect(form.fieldIssues.map((i) => [i.field, i.message])).toEqual([
      ['name', 'Name must be at most 200 characters'],
      ['learningRate', 'Learning rate η must be a number'],
      ['batchSize', 'Mini-batch size must be at least 1'],
    ]);
  });

  it('says what the dataset needs when the layers do not fit it', async () => {
    fake.api.datasets.list = async () => [
      {
        id: 'xor',
        name: 'XOR',
        available: true,
        reason: null,
        inputSize: 2,
        classes: 2,
        outputSize: 1,
        trainCount: 4,
        testCount: 4,
        imageShape: null,
      },
    ];
    const form = useExperimentFormStore();
    await useDatasetsStore().load();
    form.applyPreset('xor');
    expect(form.issue('layers')).toBeNull();
    form.set('layers', [784, 15, 10]);
    expect(form.issue('layers')).toBe(
      'Layers: XOR needs 2 inputs and 1 output (e.g. 2-15-1); 784-15-10 starts with 784 and ends with 10',
    );
    expect(form.valid).toBe(false);
  });

  it('removes an optional field when it is emptied so its default applies', () => {
    const form = useExperimentFormStore();
    form.set('trainSize', 2000);
    form.set('trainSize', undefined);
    expect('trainSize' in form.config()).toBe(false);
  });

  it('gives a plain copy of the draft that later edits do not change', () => {
    const form = useExperimentFormStore();
    const sent = form.config();
    form.set('layers', [784, 100, 10]);
    expect(sent.layers).toEqual([784, 30, 10]);
    expect(() => structuredClone(sent)).not.toThrow();
  });

  it('puts the core’s issues on the field they name, without the transport prefix', () => {
    const form = useExperimentFormStore();
    form.setServerIssues([{ path: 'config.dataset.dir', message: 'folder not found' }]);
    expect(form.issue('dataset.dir')).toBe('Folder: folder not found');
    form.set('dataset.dir', '/elsewhere');
    expect(form.issue('dataset.dir')).toBeNull();
  });

  it('drops the core’s issue about a dataset once its path is edited', () => {
    const form = useExperimentFormStore();
    form.set('dataset', { kind: 'csv', path: '/nope.csv', header: true });
    form.setServerIssues([{ path: 'config.dataset', message: 'cannot read /nope.csv' }]);
    expect(form.issue('dataset.path')).toBe('CSV file: cannot read /nope.csv');
    form.set('dataset.path', '/data.csv');
    expect(form.issue('dataset.path')).toBeNull();
  });
});
