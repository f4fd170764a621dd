import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src-shared/experiment/config';
import { presets } from '../../../src-shared/experiment/presets';
import type { DatasetInfo } from '../../../src-shared/contract/types';
import { configIssues } from './formIssues';
import {
  draftIssues,
  fitInputShape,
  formDraftOf,
  layersFitIssues,
  quickLayers,
  sizesFormOf,
  sizesText,
  typedIssues,
  typedLayersOf,
} from './layerDraft';
import { describeShape, insertionIndex, layerShapes } from './layerKinds';

const training = { learningRate: 0.1, batchSize: 10, epochs: 1 };
const book = [
  { type: 'input', shape: [28, 28] },
  { type: 'dense', units: 100, activation: 'relu' },
  { type: 'dropout', rate: 0.5 },
  { type: 'dense', units: 10, activation: 'softmax' },
];
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

describe('typedLayersOf', () => {
  it('reads the sizes form as typed layers, dropout after the layer it follows', () => {
    const config = {
      layers: [784, 100, 10],
      activations: ['relu', 'softmax'],
      dropout: [0, 0.5],
    };
    expect(typedLayersOf(config, [28, 28])).toEqual(book);
  });

  it('keeps the input flat when the dataset shape does not hold layers[0] values', () => {
    expect(typedLayersOf({ layers: [2, 3, 1] }, [28, 28])).toEqual([
      { type: 'input', shape: [2] },
      { type: 'dense', units: 3, activation: 'sigmoid' },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ]);
    expect(typedLayersOf({ layers: book })).toBeNull();
  });
});

describe('formDraftOf and sizesFormOf', () => {
  it('round-trips every preset: what the form sends parses to what the preset means', () => {
    for (const preset of presets) {
      const config = preset.config as Record<string, unknown>;
      const draft = formDraftOf(config, [28, 28]);
      expect([preset.id, draft.activations]).toEqual([preset.id, undefined]);
      expect([preset.id, runConfigSchema.parse(sizesFormOf(draft))]).toEqual([
        preset.id,
        runConfigSchema.parse(config),
      ]);
    }
  });

  it('writes momentum SGD as the momentum optimizer and the core stores it back as μ', () => {
    const config = { ...training, layers: [784, 30, 10], momentum: 0.7 };
    const draft = formDraftOf(config);
    expect(draft.optimizer).toEqual({ kind: 'momentum', momentum: 0.7 });
    expect(draft.momentum).toBeUndefined();
    expect(runConfigSchema.parse(sizesFormOf(draft)).momentum).toBe(0.7);
  });

  it('sends typed layers in the sizes form the schema stores', () => {
    const sent = sizesFormOf({ ...training, layers: book });
    expect(sent).toMatchObject({
      layers: [784, 100, 10],
      activations: ['relu', 'softmax'],
      dropout: [0, 0.5],
    });
  });
});

describe('typedIssues', () => {
  it('moves a sizes-form activation issue to the dense layer it is about', () => {
    const layers = [book[0], { ...book[1], activation: 'softmax' }, book[2], book[3]];
    const issues = configIssues({ ...training, layers });
    expect(typedIssues(issues, layers)).toEqual([
      { path: 'layers[1].activation', message: 'softmax is allowed on the output layer only' },
    ]);
  });

  it('leaves typed issues where the schema put them', () => {
    const layers = [book[0], { type: 'dense', units: 0 }, book[3]];
    const issues = configIssues({ ...training, layers });
    expect(typedIssues(issues, layers)).toEqual([
      { path: 'layers[1].units', message: 'units must be at least 1' },
    ]);
  });
});

describe('layersFitIssues', () => {
  it('names the output layer’s units and the input shape when they do not fit MNIST', () => {
    const layers = [{ type: 'input', shape: [10, 10] }, book[1], { type: 'dense', units: 5 }];
    expect(layersFitIssues(layers, mnist)).toEqual([
      {
        path: 'layers[0]',
        message: 'MNIST has 784 values per example; the input shape holds 100',
      },
      {
        path: 'layers[2].units',
        message: 'must be 10: the output layer gives one unit per class of MNIST',
      },
    ]);
    expect(layersFitIssues(book, mnist)).toEqual([]);
  });
});

describe('layerShapes', () => {
  it('gives each row the shape it puts out, and stops at a field that is not a number', () => {
    expect(layerShapes(book).map((s) => s && describeShape(s))).toEqual([
      '28×28',
      '100',
      '100',
      '10',
    ]);
    const broken = [book[0], { type: 'dense', units: 'x' }, book[3]];
    expect(layerShapes(broken)).toEqual([[28, 28], null, [10]]);
  });
});

describe('quickLayers', () => {
  it('rebuilds dense layers from sizes, keeping hidden and output activations apart', () => {
    expect(quickLayers('784-50-20-10', book)).toEqual([
      { type: 'input', shape: [28, 28] },
      { type: 'dense', units: 50, activation: 'relu' },
      { type: 'dense', units: 20, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
    expect(sizesText({ layers: quickLayers('784 30 10', book) })).toBe('784-30-10');
  });

  it('says what it expected when the text is not sizes', () => {
    expect(quickLayers('784-abc-10', book)).toBe(
      '“784-abc-10” is not a list of sizes like 784-100-10',
    );
    expect(quickLayers('784', book)).toContain('is not a list of sizes');
  });
});

describe('draftIssues', () => {
  it('still names the other fields while a typed layer does not parse', () => {
    const layers = [book[0], { type: 'dense', units: 'abc' }, book[3]];
    const issues = draftIssues({ ...training, learningRate: -1, layers, cost: 'log-likelihood' });
    expect(issues).toEqual([
      { path: 'layers[1].units', message: 'units must be a whole number' },
      { path: 'learningRate', message: 'learningRate must be > 0' },
    ]);
  });

  it('moves sizes-form issues to their rows when the layers parse', () => {
    const layers = [book[0], { ...book[1], activation: 'softmax' }, book[3]];
    expect(draftIssues({ ...training, layers })).toEqual([
      { path: 'layers[1].activation', message: 'softmax is allowed on the output layer only' },
    ]);
  });
});

describe('conv nets (issue 21 part 2)', () => {
  const conv = { type: 'conv2d', filters: 20, kernel: 5, activation: 'sigmoid' };
  const pool = { type: 'maxpool', size: 2 };

  it('reads a stored conv net (features) as its input, conv and pool layers, then dense', () => {
    const stored = {
      layers: [2880, 100, 10],
      activations: ['sigmoid', 'softmax'],
      features: { input: [28, 28, 1], layers: [conv, pool] },
    };
    const draft = formDraftOf(stored);
    expect(draft.features).toBeUndefined();
    expect(draft.layers).toEqual([
      { type: 'input', shape: [28, 28, 1] },
      conv,
      pool,
      { type: 'dense', units: 100, activation: 'sigmoid' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
  });

  it('works out conv and pool shapes as (n + 2p − k)/s + 1, channels first when written', () => {
    const layers = [book[0], conv, pool, book[1], book[3]];
    expect(layerShapes(layers).map((s) => s && describeShape(s))).toEqual([
      '28×28',
      '20×24×24',
      '20×12×12',
      '100',
      '10',
    ]);
    const padded = { ...conv, kernel: 4, padding: 1, stride: 2 };
    expect(layerShapes([{ type: 'input', shape: [28, 28, 3] }, padded])[1]).toEqual([14, 14, 20]);
    // 5×5 with stride 2 over 28 does not come out whole: no shape (the schema says why).
    expect(layerShapes([book[0], { ...conv, stride: 2 }])[1]).toBeNull();
  });

  it('puts a new conv or pool layer after the image layers, dense and dropout before the output', () => {
    const layers = [book[0], conv, book[1], book[3]];
    expect(insertionIndex('maxpool', layers)).toBe(2);
    expect(insertionIndex('dropout', layers)).toBe(3);
    expect(insertionIndex('conv2d', [book[0]])).toBe(1);
  });
});

describe('fitInputShape', () => {
  it('takes the dataset’s image shape, and keeps a conv input that holds the same values', () => {
    const flat = [{ type: 'input', shape: [784] }, book[3]];
    fitInputShape(flat, mnist);
    expect(flat[0].shape).toEqual([28, 28]);
    const wrong = [{ type: 'input', shape: [2] }, book[3]];
    fitInputShape(wrong, mnist);
    expect(wrong[0].shape).toEqual([28, 28]);
    const channels = [{ type: 'input', shape: [28, 28, 1] }, book[3]];
    fitInputShape(channels, mnist);
    expect(channels[0].shape).toEqual([28, 28, 1]);
  });
});

describe('typedIssues of a conv net', () => {
  it('moves the core’s features.* paths to the input row and the conv rows after it', () => {
    const layers = [
      { type: 'input', shape: [28, 28] },
      { type: 'dense', units: 10, activation: 'softmax' },
    ];
    const issues = typedIssues(
      [
        { path: 'features.input', message: 'does not hold the dataset' },
        { path: 'features.layers[1].size', message: 'size must be at least 1' },
      ],
      layers,
    );
    expect(issues.map((i) => i.path)).toEqual(['layers[0]', 'layers[2].size']);
  });
});
