import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { emptyServices, FakeEvents, type FakeServices } from '../api/fakes.testing';

const fake = vi.hoisted(() => ({ api: {} as FakeServices }));
vi.mock('../api/client', () => fake);

import { useExperimentFormStore } from './experimentForm';

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

  it('shows a field message only after the field was touched', () => {
    const form = useExperimentFormStore();
    form.applyPreset('stuck-network');
    form.set('init.weights.high', -1);
    expect(form.issue('init.weights.high')).toBe('high must be greater than low');
    expect(form.issue('learningRate')).toBeNull();
  });

  it('shows every message after a submit was tried', () => {
    const form = useExperimentFormStore();
    form.set('learningRate', 'fast');
    form.set('batchSize', 0);
    form.submitted = true;
    expect(form.issue('learningRate')).toBe('learningRate must be a number');
    expect(form.issue('batchSize')).toBe('batchSize must be at least 1');
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
    expect(form.issue('dataset.dir')).toBe('folder not found');
    form.set('dataset.dir', '/elsewhere');
    expect(form.issue('dataset.dir')).toBeNull();
  });
});
