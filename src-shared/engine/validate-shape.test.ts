import { describe, expect, it } from 'vitest';
import { ValidationError } from '../base/validation';
import { testConfig } from '../experiment/config.testing';
import { estimateMemoryBytes, parameterCount, validateShape } from './validate-shape';

const mnist = { id: 'mnist', inputSize: 784, outputSize: 10 };

function issuePath(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues[0].path;
    throw error;
  }
  return 'no error';
}

describe('config shape against the dataset', () => {
  it('accepts matching first and last layers', () => {
    expect(() => validateShape(testConfig({ layers: [784, 30, 10] }), mnist)).not.toThrow();
  });

  it('names layers[0] and the expected input size', () => {
    const config = testConfig({ layers: [100, 30, 10] });
    expect(issuePath(() => validateShape(config, mnist))).toBe('layers[0]');
    expect(() => validateShape(config, mnist)).toThrow(
      'layers[0]: must be 784, the input size of mnist; got 100',
    );
  });

  it('names the last layer and the number of classes', () => {
    const config = testConfig({ layers: [784, 30, 9] });
    expect(issuePath(() => validateShape(config, mnist))).toBe('layers[2]');
    expect(() => validateShape(config, mnist)).toThrow(
      'must be 10, the output size (classes) of mnist; got 9',
    );
  });

  it('names the explicit init entry whose shape does not match the layers', () => {
    const values = [[[0.1, 0.2]], [[0.3], [0.4]]];
    const config = testConfig({
      layers: [2, 1, 2],
      init: { weights: { kind: 'explicit', values }, biases: { kind: 'zeros' } },
    });
    expect(() => validateShape(config, { id: 'xor', inputSize: 2, outputSize: 2 })).not.toThrow();
    const bad = { ...config, layers: [2, 2, 2] };
    expect(issuePath(() => validateShape(bad, { id: 'xor', inputSize: 2, outputSize: 2 }))).toBe(
      'init.weights.values[0]',
    );
  });

  it('refuses a network needing more memory than the budget', () => {
    const config = testConfig({ layers: [784, 30, 10], precision: 'float64' });
    expect(parameterCount(config.layers)).toBe(785 * 30 + 31 * 10);
    const need = estimateMemoryBytes(config);
    expect(issuePath(() => validateShape(config, mnist, need - 1))).toBe('layers');
    expect(() => validateShape(config, mnist, need)).not.toThrow();
    expect(estimateMemoryBytes({ ...config, precision: 'float32' })).toBe(need / 2);
  });

  it('counts a conv net’s per-example volumes, not only its parameters', () => {
    // 1000 filters of 1×1 on 28×28: few parameters, but z, a and δ of 1000×28×28 values each.
    const config = testConfig({
      layers: [
        { type: 'input', shape: [28, 28, 1] },
        { type: 'conv2d', filters: 1000, kernel: 1 },
        { type: 'maxpool', size: 28 },
        { type: 'dense', units: 10 },
      ],
    } as unknown as Parameters<typeof testConfig>[0]);
    expect(config.layers).toEqual([1000, 10]);
    const convValues = 3 * 1000 * 28 * 28 * 4; // float32 z, a, δ of the conv layer
    expect(estimateMemoryBytes(config)).toBeGreaterThan(convValues);
    expect(issuePath(() => validateShape(config, mnist, convValues))).toBe('layers');
  });
});
