import { describe, expect, it } from 'vitest';
import { configIssues, layersFitIssues, normalizeIssuePath, type FieldIssue } from './formIssues';
import type { DatasetInfo } from '../../../src-shared/contract/types';

const issueAt = (issues: FieldIssue[], path: string) =>
  issues.find((i) => i.path === path || i.path.startsWith(`${path}[`))?.message ?? null;

const valid = { layers: [784, 30, 10], learningRate: 3, batchSize: 10, epochs: 1 };

describe('configIssues', () => {
  it('finds no issue in a valid config', () => {
    expect(configIssues(valid)).toEqual([]);
  });

  it('names the nested field of an invalid init', () => {
    const issues = configIssues({
      ...valid,
      init: { weights: { kind: 'uniform', low: 1, high: 0 }, biases: { kind: 'zeros' } },
    });
    expect(issues).toEqual([
      { path: 'init.weights.high', message: 'high must be greater than low' },
    ]);
  });

  it('names the layer that is not a whole number', () => {
    expect(issueAt(configIssues({ ...valid, layers: [784, 2.5, 10] }), 'layers')).toBe(
      'layer size must be a whole number',
    );
  });

  it('reports a missing learning rate', () => {
    const { learningRate: _lr, ...rest } = valid;
    expect(issueAt(configIssues(rest), 'learningRate')).toBe('learningRate must be a number');
  });
});

describe('normalizeIssuePath', () => {
  it('strips a transport prefix and keeps the config path', () => {
    expect(normalizeIssuePath('config.init.weights.low')).toBe('init.weights.low');
    expect(normalizeIssuePath('queue.enqueue[0].layers[1]')).toBe('layers[1]');
    expect(normalizeIssuePath('learningRate')).toBe('learningRate');
  });
});

describe('layersFitIssues', () => {
  const mnist: DatasetInfo = {
    id: 'mnist',
    name: 'MNIST',
    available: true,
    reason: null,
    inputSize: 784,
    classes: 10,
    trainCount: 50_000,
    testCount: 10_000,
    imageShape: [28, 28],
  };

  it('says what MNIST needs when the output layer has too few units', () => {
    expect(layersFitIssues([784, 30, 5], mnist)).toEqual([
      {
        path: 'layers',
        message: 'MNIST needs 784 inputs and 10 outputs (e.g. 784-30-10); 784-30-5 ends with 5',
      },
    ]);
  });

  it('accepts layers that fit, and leaves malformed layers to the schema', () => {
    expect(layersFitIssues([784, 30, 10], mnist)).toEqual([]);
    expect(layersFitIssues([784, 'x', 10], mnist)).toEqual([]);
    expect(layersFitIssues([784, 30, 5], undefined)).toEqual([]);
  });
});
