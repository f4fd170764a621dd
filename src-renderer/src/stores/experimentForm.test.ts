import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
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
    expect(form.fieldIssues).toEqual([]);
    form.set('layers.2.units', 10);
    expect(form.issue('layers[2]')).toBe(
      'Layer 3 units must be 1: the output layer gives one unit per output of XOR',
    );
    expect(form.valid).toBe(false);
  });

  it('gives the input row the dataset’s shape, and loads a cloned sizes-form run as layers', async () => {
    fake.api.datasets.list = async () => [
      {
        id: 'mnist',
        name: 'MNIST',
        available: true,
        reason: null,
        inputSize: 784,
        classes: 10,
        trainCount: 50_000,
        testCount: 10_000,
        imageShape: [28, 28],
      },
    ];
    const form = useExperimentFormStore();
    await useDatasetsStore().load();
    form.load({
      layers: [784, 100, 10],
      activations: ['relu', 'softmax'],
      dropout: [0, 0.5],
      momentum: 0.5,
      learningRate: 0.1,
      batchSize: 10,
      epochs: 2,
    });
    await nextTick();
    expect(form.get('layers')).toEqual([
      { type: 'input', shape: [28, 28] },
      { type: 'dense', units: 100, activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
    expect(form.get('optimizer')).toEqual({ kind: 'momentum', momentum: 0.5 });
    expect(form.valid).toBe(true);
  });

  it('names the layer row a core issue in the sizes form is about', () => {
    const form = useExperimentFormStore();
    form.setServerIssues([
      { path: 'config.activations[1]', message: 'softmax is allowed on the output layer only' },
    ]);
    expect(form.issue('layers[2]')).toBe(
      'Layer 3 activation: softmax is allowed on the output layer only',
    );
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
    form.set('layers.1.units', 100);
    expect(sent.layers).toEqual([784, 30, 10]);
    expect(form.config().layers).toEqual([784, 100, 10]);
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
