import { describe, expect, it } from 'vitest';
import { configIssues, normalizeIssuePath, type FieldIssue } from './formIssues';

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
