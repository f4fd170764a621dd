/** The run config and the engine's own options describe the same training: a name the schema
 * accepts but the engine does not know (or the reverse) fails here, not in a user's run. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  activationNames as configActivations,
  activationsOf as configActivationsOf,
  costNames as configCosts,
  type InitSpec as ConfigInitSpec,
  type RunConfig,
} from './config';
import {
  activationNames,
  activationsOf,
  costNames,
  type InitSpec,
  type TrainingOptions,
} from '../engine/options';
import { testConfig } from './test-support';

describe('run config and engine options', () => {
  it('name the same activations and costs', () => {
    expect([...configActivations].sort()).toEqual([...activationNames].sort());
    expect([...configCosts].sort()).toEqual([...costNames].sort());
  });

  it('type-check as one another where the engine reads them', () => {
    expectTypeOf<RunConfig>().toExtend<TrainingOptions>();
    expectTypeOf<ConfigInitSpec>().toEqualTypeOf<InitSpec>();
  });

  it('spread one activation over every weight layer the same way', () => {
    const config = testConfig({ layers: [4, 3, 2, 1], activations: 'tanh' });
    expect(activationsOf(config)).toEqual(['tanh', 'tanh', 'tanh']);
    expect(activationsOf(config)).toEqual(configActivationsOf(config));
  });
});
