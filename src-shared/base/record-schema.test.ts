import { describe, expect, it } from 'vitest';
import { weightsJsonSchema, weightsShapeProblem } from './record-schema';

const dense = { weights: [[[1, 2, 3, 4]]], biases: [[0]] };
const convs = [{ weights: 2, biases: 1 }];

describe('weightsShapeProblem with conv layers', () => {
  it('accepts conv weights of the counts the run’s conv layers have', () => {
    const w = { ...dense, features: { weights: [[1, 2]], biases: [[3]] } };
    expect(weightsShapeProblem(w, [4, 1], convs)).toBeNull();
  });

  it.each([
    ['missing', dense, /features is missing \(the run has 1 conv2d layers\)/],
    [
      'too many weights',
      { ...dense, features: { weights: [[1, 2, 3]], biases: [[3]] } },
      /features\.weights\[0\] has 3 values, expected 2/,
    ],
    [
      'a layer too many',
      { ...dense, features: { weights: [[1, 2], [1]], biases: [[3], [1]] } },
      /features has 2 weight and 2 bias layers, expected 1/,
    ],
  ])('names conv weights %s', (_why, w, message) => {
    expect(weightsShapeProblem(w, [4, 1], convs)).toMatch(message);
  });

  it('refuses conv weights for a dense-only run', () => {
    const w = { ...dense, features: { weights: [[1, 2]], biases: [[3]] } };
    expect(weightsShapeProblem(w, [4, 1])).toMatch(/features is present but the run has no conv2d/);
  });

  it('parses features strictly (no unknown fields)', () => {
    const w = { ...dense, features: { weights: [[1]], biases: [[1]], filters: 1 } };
    expect(weightsJsonSchema.safeParse(w).success).toBe(false);
    expect(
      weightsJsonSchema.safeParse({ ...w, features: { weights: [[1]], biases: [[1]] } }).success,
    ).toBe(true);
  });
});
