import { describe, expect, it } from 'vitest';
import { runConfigSchema, type RunConfig } from './config';
import { presetById, presets } from './presets';
import { validateShape, type DatasetShape } from '../engine/validate-shape';
import { planFeatures } from '../engine/layers/feature-stack';
import { describeShape } from '../engine/layers/tensor';
import { logicDataset } from '../datasets/logic';

/** The datasets the presets train on, as run admission sees them (MNIST: 28×28 images). */
const datasetShapes: Record<string, DatasetShape> = {
  mnist: { id: 'mnist', inputSize: 784, outputSize: 10, imageShape: [28, 28] },
  xor: logicDataset('xor'),
};

/** Admission's checks that need no files: the schema, then the shapes against the dataset and a
 * 1 GiB memory budget (the queue allows half the machine's memory; every preset fits in less). */
function admit(config: unknown): RunConfig {
  const parsed = runConfigSchema.parse(config);
  const shape = typeof parsed.dataset === 'string' ? datasetShapes[parsed.dataset] : undefined;
  if (!shape) throw new Error(`add ${JSON.stringify(parsed.dataset)} to datasetShapes`);
  validateShape(parsed, shape, 2 ** 30);
  return parsed;
}

const sharedCh6 = {
  dataset: 'mnist',
  cost: 'log-likelihood',
  init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
  batchSize: 10,
  seed: 1,
};
const image = { type: 'input', shape: [28, 28, 1] };
const conv = (filters: number, activation: string) => ({
  type: 'conv2d',
  filters,
  kernel: 5,
  activation,
});
const pool = { type: 'maxpool', size: 2 };
const dense = (units: number, activation: string) => ({ type: 'dense', units, activation });
/** network3.py's ConvPoolLayer pair: 20 then 40 filters of 5×5, each pooled 2×2. */
const twoConv = (activation: string) => [
  image,
  conv(20, activation),
  pool,
  conv(40, activation),
  pool,
];

describe('presets', () => {
  it.each(presets.map((p) => [p.label, p] as const))(
    '%s is a valid run config',
    (_label, preset) => {
      const result = runConfigSchema.safeParse(preset.config);
      expect(result.success ? [] : result.error.issues).toEqual([]);
    },
  );

  it.each(presets.map((p) => [p.label, p] as const))(
    '%s passes run admission: its shapes fit its dataset and memory',
    (_label, preset) => {
      expect(() => admit(preset.config)).not.toThrow();
    },
  );

  it('have unique ids', () => {
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
  });

  it('give the stuck network U[0,1) weights and biases and the fixed one U[-0.5,0.5)', () => {
    const stuck = runConfigSchema.parse(presetById('stuck-network')?.config);
    const fixed = runConfigSchema.parse(presetById('fixed-init')?.config);
    expect(stuck.init).toEqual({
      weights: { kind: 'uniform', low: 0, high: 1 },
      biases: { kind: 'uniform', low: 0, high: 1 },
    });
    expect(fixed.init.weights).toEqual({ kind: 'uniform', low: -0.5, high: 0.5 });
    expect([stuck.layers, stuck.learningRate, stuck.batchSize, stuck.cost]).toEqual([
      [784, 15, 10],
      0.5,
      1,
      'quadratic',
    ]);
  });

  it('set Nielsen ch.3 to cross-entropy with λ = 5.0 and scaled-normal weights', () => {
    const ch3 = runConfigSchema.parse(presetById('nielsen-ch3')?.config);
    expect([ch3.cost, ch3.l2, ch3.init.weights.kind, ch3.batchSize]).toEqual([
      'cross-entropy',
      5,
      'scaled-normal',
      10,
    ]);
  });

  it('give the ch.3 dropout preset 784-100-10 with p = 0.5 on the hidden layer only', () => {
    const c = runConfigSchema.parse(presetById('nielsen-ch3-dropout')?.config);
    expect([c.layers, c.dropout, c.cost, c.l2]).toEqual([
      [784, 100, 10],
      [0, 0.5],
      'cross-entropy',
      5,
    ]);
  });

  it('give ch.6’s two conv layers 40 maps of 4×4 (640 values) for the dense layers', () => {
    const c = admit(presetById('nielsen-ch6-two-conv')?.config);
    const shapes = planFeatures(c.features!).layers.map((g) => describeShape(g.output));
    expect(shapes).toEqual(['20×24×24', '20×12×12', '40×8×8', '40×4×4']);
    expect(c.layers[0]).toBe(640);
  });

  it('write ch.6’s deeper nets as network3.py’s layers, written out as typed layers', () => {
    const typed = (name: string, layers: unknown[], over: Record<string, unknown>) =>
      runConfigSchema.parse({ ...sharedCh6, name, layers, ...over });
    const relu = { learningRate: 0.03, l2: 1.0, epochs: 60 };
    const expanded = { expand: { kind: 'shift', pixels: 1 } };
    const want = {
      'nielsen-ch6-two-conv': typed(
        'Nielsen ch.6 two conv layers',
        [...twoConv('sigmoid'), dense(100, 'sigmoid'), dense(10, 'softmax')],
        { learningRate: 0.1, epochs: 60 },
      ),
      'nielsen-ch6-relu-l2': typed(
        'Nielsen ch.6 ReLU + L2',
        [...twoConv('relu'), dense(100, 'relu'), dense(10, 'softmax')],
        relu,
      ),
      'nielsen-ch6-relu-expanded': typed(
        'Nielsen ch.6 ReLU + expanded data',
        [...twoConv('relu'), dense(100, 'relu'), dense(10, 'softmax')],
        { ...relu, ...expanded },
      ),
      'nielsen-ch6-dropout': typed(
        'Nielsen ch.6 dropout, 2×1000 ReLU',
        [
          ...twoConv('relu'),
          dense(1000, 'relu'),
          { type: 'dropout', rate: 0.5 },
          dense(1000, 'relu'),
          { type: 'dropout', rate: 0.5 },
          dense(10, 'softmax'),
        ],
        { learningRate: 0.03, epochs: 40, ...expanded },
      ),
    };
    for (const [id, config] of Object.entries(want))
      expect([id, runConfigSchema.parse(presetById(id)?.config)]).toEqual([id, config]);
  });

  it('state the book’s accuracy in each ch.6 description', () => {
    const book = {
      'nielsen-ch6-shallow-conv': '98.78%',
      'nielsen-ch6-two-conv': '99.06%',
      'nielsen-ch6-relu-l2': '99.23%',
      'nielsen-ch6-relu-expanded': '99.37%',
      'nielsen-ch6-dropout': '99.60%',
    };
    for (const [id, accuracy] of Object.entries(book))
      expect(presetById(id)?.description).toContain(`(${accuracy} in the book`);
  });

  it('returns undefined for an unknown id', () => {
    expect(presetById('nope')).toBeUndefined();
  });
});
