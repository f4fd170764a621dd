/** Sweep specs the queue must refuse before queueing anything (queue.enqueueSweep). */
import { args, type BadCase } from './bad-case';

const base = { dataset: 'xor', layers: [2, 3, 1], learningRate: 2, batchSize: 4, epochs: 5 };

const sweep = (name: string, spec: Record<string, unknown>, error: RegExp): BadCase => ({
  name: `sweep: ${name}`,
  method: 'queue.enqueueSweep',
  body: args({ name: 'bad sweep', base, ...spec }),
  status: 400,
  error,
});

export const sweepCases: BadCase[] = [
  sweep(
    'a bad value in the grid',
    { grid: { learningRate: [0.5, -1] } },
    /sweep run 2\.learningRate: learningRate must be > 0/,
  ),
  sweep(
    'a misspelled grid field (it named runs "learningrate=…" and trained them all alike)',
    { grid: { learningrate: [0.01, 100] } },
    /sweep\.grid\.learningrate: Unknown field "learningrate" in the run config \(did you mean "learningRate"\?\)/,
  ),
  sweep(
    'a misspelled nested grid field',
    { grid: { 'init.weights.lowe': [-1, -0.5] } },
    /sweep\.grid\.init\.weights\.lowe: Unknown field "lowe" in init\.weights \(did you mean "low"\?\)/,
  ),
  sweep(
    'a grid path below a field that holds no fields',
    { grid: { 'learningRate.max': [1] } },
    /sweep\.grid\.learningRate\.max: "learningRate" holds no fields/,
  ),
  sweep(
    'a misspelled random field',
    { random: { samples: 2, fields: { momemtum: { low: 0, high: 0.9 } } } },
    /sweep\.random\.fields\.momemtum: Unknown field "momemtum" in the run config \(did you mean "momentum"\?\)/,
  ),
  sweep(
    'a misspelled field of the sweep itself',
    { seed: [1, 2] },
    /sweep\.seed: Unknown field "seed" \(did you mean "seeds"\?\)/,
  ),
  sweep(
    'a misspelled field in the base config',
    { base: { ...base, momemtum: 0.9 } },
    /sweep run 1\.momemtum: Unknown field "momemtum" \(did you mean "momentum"\?\)/,
  ),
  sweep(
    'an explicit init that fits run 1 but not run 2',
    {
      base: {
        ...base,
        init: {
          weights: {
            kind: 'explicit',
            values: [
              [
                [0.1, 0.2],
                [0.3, 0.4],
                [0.5, 0.6],
              ],
              [[0.1, 0.2, 0.3]],
            ],
          },
          biases: { kind: 'zeros' },
        },
      },
      grid: {
        layers: [
          [2, 3, 1],
          [2, 4, 1],
        ],
      },
    },
    /sweep run 2: init\.weights\.values/,
  ),
  sweep(
    'engine fast with float64 in its second run',
    { base: { ...base, precision: 'float64' }, grid: { engine: ['reference', 'fast'] } },
    /Invalid sweep run 2: engine: engine "fast" cannot run this config: precision float64/,
  ),
  sweep(
    'a grid field that is no config path',
    { grid: { 'init..weights': [1] } },
    /sweep\.grid\.init\.\.weights: "init\.\.weights" is not a dotted config path/,
  ),
  sweep(
    'an empty list of grid values',
    { grid: { learningRate: [] } },
    /sweep\.grid\.learningRate: each grid field needs at least one value/,
  ),
  sweep(
    'a grid value of the wrong type',
    { grid: { epochs: ['many'] } },
    /sweep run 1\.epochs: epochs must be a whole number/,
  ),
  sweep(
    'random range with high below low',
    { random: { samples: 3, fields: { learningRate: { low: 2, high: 1 } } } },
    /sweep\.random\.fields\.learningRate\.high: high must be greater than low/,
  ),
  sweep(
    'log scale starting at 0',
    { random: { samples: 3, fields: { learningRate: { low: 0, high: 1, log: true } } } },
    /sweep\.random\.fields\.learningRate\.low: log scale needs low > 0/,
  ),
  sweep(
    'zero random samples',
    { random: { samples: 0, fields: {} } },
    /sweep\.random\.samples: random\.samples must be at least 1/,
  ),
  sweep(
    'more runs than allowed',
    {
      grid: {
        learningRate: Array.from({ length: 101 }, (_, i) => i + 1),
        epochs: Array.from({ length: 100 }, (_, i) => i + 1),
      },
    },
    /it expands to 10100 runs, at most 10000 allowed/,
  ),
  sweep('no seeds', { seeds: [] }, /sweep\.seeds: Too small: expected array to have >=1 items/),
  sweep(
    'a base that is not an object',
    { base: 'xor' },
    /sweep\.base: Invalid input: expected record, received string/,
  ),
  sweep(
    'a layer that does not fit the dataset',
    {
      grid: {
        layers: [
          [2, 3, 1],
          [2, 3, 2],
        ],
      },
    },
    /sweep run 2: layers\[2\]: must be 1/,
  ),
];
