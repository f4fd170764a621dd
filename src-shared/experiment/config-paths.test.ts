import { describe, expect, it } from 'vitest';
import { configPathProblem } from './config-paths';

describe('config paths of sweep grids', () => {
  it('accepts every field the run config knows, nested ones included', () => {
    for (const path of ['learningRate', 'init.weights', 'init.weights.low', 'dataset.dir'])
      expect(configPathProblem(path)).toBeNull();
    expect(configPathProblem('schedule.every')).toBeNull();
    expect(configPathProblem('earlyStopping.patience')).toBeNull();
  });

  it('names a misspelled field and the one probably meant', () => {
    expect(configPathProblem('learningrate')).toBe(
      'Unknown field "learningrate" in the run config (did you mean "learningRate"?)',
    );
    expect(configPathProblem('init.weights.lowe')).toBe(
      'Unknown field "lowe" in init.weights (did you mean "low"?)',
    );
  });

  it('refuses a path below a field that is no object', () => {
    expect(configPathProblem('epochs.max')).toBe(
      '"epochs" holds no fields, so "epochs.max" is no config path',
    );
  });

  it('indexes into lists: a layer size, a conv layer field, a dropout rate', () => {
    for (const path of [
      'layers.1',
      'features.layers.0.filters',
      'features.layers.1.size',
      'dropout.0',
    ])
      expect(configPathProblem(path)).toBeNull();
    expect(configPathProblem('features.layers.0.filtrs')).toMatch(
      /Unknown field "filtrs" in features\.layers\.0 \(did you mean "filters"\?\)/,
    );
  });

  it('refuses an index into a field that is no list', () => {
    expect(configPathProblem('learningRate.0')).toBe(
      '"learningRate" is no list, so "learningRate.0" cannot index it',
    );
    expect(configPathProblem('0')).toBe('"0" is no list, so "0" cannot index it');
  });
});
