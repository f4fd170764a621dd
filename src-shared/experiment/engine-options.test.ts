/** The run config and the engine's own options describe the same training: a value the schema
 * accepts but the engine cannot run (or the reverse) fails here, not in a user's run. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { runConfigSchema, type InitSpec as ConfigInitSpec, type RunConfig } from './config';
import {
  activationNames,
  activationsOf,
  costNames,
  type InitSpec,
  type TrainingOptions,
} from '../engine/options';

const base = { layers: [2, 3, 2], learningRate: 0.5, batchSize: 1, epochs: 1 };

describe('run config and engine options', () => {
  it('accepts every activation and cost the engine names, and nothing else', () => {
    for (const name of activationNames) {
      const config = { ...base, activations: ['sigmoid', name], cost: 'quadratic' };
      expect(runConfigSchema.safeParse(config).success, name).toBe(true);
    }
    for (const cost of costNames) {
      const config = { ...base, activations: ['sigmoid', 'softmax'], cost };
      expect(runConfigSchema.safeParse(config).success, cost).toBe(true);
    }
    expect(runConfigSchema.safeParse({ ...base, activations: 'gelu' }).success).toBe(false);
    expect(runConfigSchema.safeParse({ ...base, cost: 'hinge' }).success).toBe(false);
  });

  it('type-check as one another where the engine reads them', () => {
    expectTypeOf<RunConfig>().toExtend<TrainingOptions>();
    expectTypeOf<ConfigInitSpec>().toEqualTypeOf<InitSpec>();
  });

  it('give a parsed config one activation per weight layer', () => {
    const config = runConfigSchema.parse({ ...base, layers: [4, 3, 2, 1], activations: 'tanh' });
    expect(activationsOf(config)).toEqual(['tanh', 'tanh', 'tanh']);
  });
});
