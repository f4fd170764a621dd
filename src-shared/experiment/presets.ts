/**
 * Ready-made run configs: the founding "stuck network" case, its fix, and the book's reference
 * networks (Nielsen, "Neural Networks and Deep Learning", chapters 1, 3, 5 and 6). The UI offers them as
 * starting points; each is a plain RunConfigInput, validated like anything a user types.
 */
import type { RunConfigInput } from './config';

export interface Preset {
  /** Stable id for URLs and tests. */
  id: string;
  label: string;
  /** One sentence: what the preset shows. */
  description: string;
  config: RunConfigInput;
}

/** 784-15-10 sigmoid, quadratic cost, η 0.5, batch 1: the network from the founding question. */
const founding = {
  dataset: 'mnist',
  layers: [784, 15, 10],
  activations: 'sigmoid',
  cost: 'quadratic',
  learningRate: 0.5,
  batchSize: 1,
  epochs: 10,
  seed: 1,
} as const satisfies Partial<RunConfigInput>;

/** What every ch.6 preset (ch6Presets) shares with network3.py, and where this engine differs. */
const ch6Common = {
  dataset: 'mnist',
  cost: 'log-likelihood',
  init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
  batchSize: 10,
  seed: 1,
} as const satisfies Partial<RunConfigInput>;
const ch6Init =
  'Weights are N(0, 1/√n_in) in every layer; network3.py scales by the fan-out and starts the softmax layer at zero.';
/** network3.py adds 0.5·λ·Σw²/(number of mini-batches) to the cost, so its weight decay per step is
 * ηλm/n·w; this engine's (ch.3's) is ηλ/n·w, so its λ is network3.py's times the batch size m. */
const ch6L2 =
  'L2 λ = 1.0 here is the book’s λ = 0.1 (network3.py divides its penalty by the number of mini-batches, not the examples: ×10 at batch 10).';

export const presets: readonly Preset[] = [
  {
    id: 'stuck-network',
    label: 'Stuck network',
    description:
      'Weights and biases from U[0,1): every hidden pre-activation is a large positive sum, the sigmoids saturate and accuracy stays at chance.',
    config: {
      ...founding,
      name: 'Stuck network',
      init: {
        weights: { kind: 'uniform', low: 0, high: 1 },
        biases: { kind: 'uniform', low: 0, high: 1 },
      },
    },
  },
  {
    id: 'fixed-init',
    label: 'Fixed init',
    description:
      'The same network with weights and biases from U[-0.5,0.5): it learns to about 90% in one epoch.',
    config: {
      ...founding,
      name: 'Fixed init',
      init: {
        weights: { kind: 'uniform', low: -0.5, high: 0.5 },
        biases: { kind: 'uniform', low: -0.5, high: 0.5 },
      },
    },
  },
  {
    id: 'nielsen-ch1',
    label: 'Nielsen ch.1',
    description:
      'The book’s first network: 784-30-10 sigmoid, quadratic cost, η 3.0, batch 10, N(0,1) init, 30 epochs.',
    config: {
      name: 'Nielsen ch.1',
      dataset: 'mnist',
      layers: [784, 30, 10],
      activations: 'sigmoid',
      cost: 'quadratic',
      init: {
        weights: { kind: 'normal', mean: 0, std: 1 },
        biases: { kind: 'normal', mean: 0, std: 1 },
      },
      learningRate: 3.0,
      batchSize: 10,
      epochs: 30,
      seed: 1,
    },
  },
  {
    id: 'nielsen-ch3',
    label: 'Nielsen ch.3',
    description:
      'Cross-entropy cost, L2 λ = 5.0 (w → (1−ηλ/n)w), weights N(0,1/√n_in), biases N(0,1): learns faster and overfits less.',
    config: {
      name: 'Nielsen ch.3',
      dataset: 'mnist',
      layers: [784, 30, 10],
      activations: 'sigmoid',
      cost: 'cross-entropy',
      init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
      learningRate: 0.5,
      batchSize: 10,
      l2: 5.0,
      epochs: 30,
      seed: 1,
    },
  },
  {
    id: 'nielsen-ch3-dropout',
    label: 'Nielsen ch.3 + dropout',
    description:
      'The book’s 784-100-10 ch.3 network (cross-entropy, λ = 5.0, η 0.1, 60 epochs: 98.04% in the book) with inverted dropout p = 0.5 on the hidden layer.',
    config: {
      name: 'Nielsen ch.3 + dropout',
      dataset: 'mnist',
      // Written in the sizes form so the New experiment form shows it; as typed layers it is
      // input [784], dense 100 sigmoid, dropout 0.5, dense 10 sigmoid.
      layers: [784, 100, 10],
      activations: 'sigmoid',
      dropout: [0, 0.5],
      cost: 'cross-entropy',
      init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
      learningRate: 0.1,
      batchSize: 10,
      l2: 5.0,
      epochs: 60,
      seed: 1,
    },
  },
  ...ch5Presets(),
  ...ch6Presets(),
  {
    id: 'xor',
    label: 'XOR',
    description:
      'A 2-3-1 sigmoid network on the four XOR points: the smallest problem a single layer cannot solve.',
    config: {
      name: 'XOR',
      dataset: 'xor',
      layers: [2, 3, 1],
      activations: 'sigmoid',
      cost: 'cross-entropy',
      init: {
        weights: { kind: 'normal', mean: 0, std: 1 },
        biases: { kind: 'normal', mean: 0, std: 1 },
      },
      learningRate: 2.0,
      batchSize: 4,
      epochs: 1000,
      seed: 1,
    },
  },
];

/** Nielsen ch.5's deep sigmoid networks, as the book trains them (network2.py: cross-entropy,
 * weights N(0, 1/√n_in), biases N(0, 1), η 0.1, λ 5.0, batch 10, 30 epochs; the book's test
 * accuracies below). Its gradient figures are measured at initialization, which is epoch 0 here. */
function ch5Presets(): Preset[] {
  const deep = [
    { hidden: 2, book: '96.90%', speeds: '0.07 and 0.31' },
    { hidden: 3, book: '96.57%', speeds: '0.012, 0.060 and 0.283' },
    { hidden: 4, book: '96.53%', speeds: '0.003, 0.017, 0.070 and 0.285' },
  ];
  return deep.map(({ hidden, book, speeds }) => {
    const layers = [784, ...new Array<number>(hidden).fill(30), 10];
    const label = `Nielsen ch.5, ${hidden} hidden layers`;
    return {
      id: `nielsen-ch5-${hidden}-hidden`,
      label,
      description:
        `The book’s deep sigmoid net ${layers.join('-')} (cross-entropy, η 0.1, λ = 5.0, batch 10, 30 epochs: ${book} in the book). ` +
        `On the run page, the chart “How fast each layer learns” at epoch 0: each hidden layer gets several times less ` +
        `gradient than the one after it, so the first layers learn slowest (the book’s ‖δˡ‖, first hidden layer first: ${speeds}).`,
      config: {
        name: label,
        dataset: 'mnist',
        layers,
        activations: 'sigmoid',
        cost: 'cross-entropy',
        init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
        learningRate: 0.1,
        batchSize: 10,
        l2: 5.0,
        epochs: 30,
        seed: 1,
      },
    };
  });
}

/** The two-conv-layer front of network3.py's deeper nets: conv 20×5×5 → pool 2 → conv 40×5×5 →
 * pool 2, i.e. 28×28×1 → 20×24×24 → 20×12×12 → 40×8×8 → 40×4×4 = 640 values for the dense layers. */
function twoConvFeatures(activation: 'sigmoid' | 'relu') {
  const conv = (filters: number) =>
    ({ type: 'conv2d', filters, kernel: 5, stride: 1, padding: 0, activation }) as const;
  const pool = { type: 'maxpool', size: 2 } as const;
  return { input: [28, 28, 1], layers: [conv(20), pool, conv(40), pool] } satisfies NonNullable<
    RunConfigInput['features']
  >;
}

/** Nielsen ch.6's deeper conv nets (network3.py), the book's test accuracy in each description
 * (it reports the test accuracy at the epoch of best validation accuracy). */
function ch6Presets(): Preset[] {
  const relu = {
    ...ch6Common,
    features: twoConvFeatures('relu'),
    activations: ['relu', 'softmax'],
    layers: [640, 100, 10],
    learningRate: 0.03,
    l2: 1.0,
    epochs: 60,
  } as const satisfies Partial<RunConfigInput>;
  const preset = (id: string, label: string, description: string, config: RunConfigInput) => ({
    id,
    label,
    description,
    config: { name: label, ...config },
  });
  return [
    preset(
      'nielsen-ch6-shallow-conv',
      'Nielsen ch.6 shallow conv net',
      'The book’s first conv net: 28×28 input, 20 feature maps of 5×5, max-pooling 2×2, 100 sigmoid units, softmax 10, log-likelihood, η 0.1, batch 10, 60 epochs (98.78% in the book; 98.73% here after 30 epochs on the fast path). Weights are scaled-normal N(0, 1/√n_in) for every layer, where network3.py scales by the fan-out.',
      {
        ...ch6Common,
        // As typed layers: input [28, 28, 1], conv2d 20 × 5×5 sigmoid, maxpool 2, dense 100
        // sigmoid, dense 10 softmax; stored like this, layers[0] being the 20×12×12 pooled maps.
        features: {
          input: [28, 28, 1],
          layers: [
            {
              type: 'conv2d',
              filters: 20,
              kernel: 5,
              stride: 1,
              padding: 0,
              activation: 'sigmoid',
            },
            { type: 'maxpool', size: 2 },
          ],
        },
        layers: [2880, 100, 10],
        activations: ['sigmoid', 'softmax'],
        learningRate: 0.1,
        epochs: 60,
      },
    ),
    preset(
      'nielsen-ch6-two-conv',
      'Nielsen ch.6 two conv layers',
      `Conv 20×5×5 → pool 2 → conv 40×5×5 → pool 2 → 100 sigmoid → softmax 10, log-likelihood, η 0.1, batch 10, 60 epochs (99.06% in the book). ${ch6Init}`,
      {
        ...ch6Common,
        features: twoConvFeatures('sigmoid'),
        layers: [640, 100, 10],
        activations: ['sigmoid', 'softmax'],
        learningRate: 0.1,
        epochs: 60,
      },
    ),
    preset(
      'nielsen-ch6-relu-l2',
      'Nielsen ch.6 ReLU + L2',
      `The two-conv-layer net with ReLU in every conv and hidden layer, η 0.03, 60 epochs (99.23% in the book). ${ch6L2} ${ch6Init}`,
      relu,
    ),
    preset(
      'nielsen-ch6-relu-expanded',
      'Nielsen ch.6 ReLU + expanded data',
      `The ReLU + L2 net trained on the expanded set (every image also shifted by one pixel down, up, right and left: 250,000 images), 60 epochs (99.37% in the book). ${ch6L2}`,
      { ...relu, expand: { kind: 'shift', pixels: 1 } },
    ),
    preset(
      'nielsen-ch6-dropout',
      'Nielsen ch.6 dropout, 2×1000 ReLU',
      'The two ReLU conv layers, then two dense layers of 1000 ReLU with dropout p = 0.5, softmax 10, expanded set, η 0.03, no L2, 40 epochs (99.60% in the book). network3.py also drops the 640 pooled conv values entering the first dense layer; here only the two hidden layers drop units (inverted dropout, the same in expectation as network3.py’s weights scaled by 1 − p).',
      {
        ...relu,
        layers: [640, 1000, 1000, 10],
        activations: ['relu', 'relu', 'softmax'],
        dropout: [0, 0.5, 0.5],
        expand: { kind: 'shift', pixels: 1 },
        l2: 0,
        epochs: 40,
      },
    ),
  ];
}

/** The preset with this id, or undefined. */
export function presetById(id: string): Preset | undefined {
  return presets.find((p) => p.id === id);
}
