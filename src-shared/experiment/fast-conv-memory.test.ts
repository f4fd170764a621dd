/**
 * The fast conv session keeps a conv net in one wasm32 memory (4 GiB at most): a conv net that
 * cannot fit is refused by the fast engine's admission check, naming the memory, and `auto` takes
 * the reference engine for it; the ch.6 net fits. (That the bound never exceeds what the session
 * really allocates is src-main/trainer/conv-memory-bound.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from './config';
import { fastConfigProblem } from './fast-engine';
import { fastConvMemoryBytes, WASM32_MAX_BYTES } from './fast-conv-memory';
import { presetById } from './presets';

const input = { type: 'input', shape: [28, 28, 1] };
const softmax = { type: 'dense', units: 10, activation: 'softmax' };
const conv127 = { type: 'conv2d', filters: 127, kernel: 3, padding: 1 };

function config(layers: unknown[], over: Record<string, unknown> = {}) {
  return runConfigSchema.parse({
    ...{ learningRate: 0.1, batchSize: 10, epochs: 1, cost: 'log-likelihood', engine: 'fast' },
    ...{ trainSize: 1000, validationSize: 100, testSize: 100, layers, ...over },
  });
}

describe('the fast conv session’s memory at admission', () => {
  it('refuses 127 padded 3×3 filters on 28×28 into 6000 dense units (2.4 GB of weights, as many gradient sums)', () => {
    // 127·28·28 = 99,568 inputs × 6000 units: 597M weights of 4 bytes, kept twice.
    const big = config([input, conv127, { type: 'dense', units: 6000 }, softmax]);
    expect(big.layers[0]).toBe(99_568);
    expect(fastConvMemoryBytes(big)).toBeGreaterThan(WASM32_MAX_BYTES);
    expect(fastConfigProblem(big)).toMatch(/^a conv net needing at least 4\.\d GiB .* holds 4 GiB/);
  });

  it('refuses a batch whose example slots cannot fit (20,000 slots of 99,568 activations)', () => {
    const layers = [input, conv127, softmax];
    const big = config(layers, { batchSize: 20_000, trainSize: 20_000 });
    expect(fastConfigProblem(big)).toMatch(/20000 example slots/);
    expect(fastConfigProblem(config(layers, { batchSize: 100 }))).toBeNull();
  });

  it('lets the ch.6 shallow conv net through at float32 (well under the limit)', () => {
    const preset = runConfigSchema.parse({
      ...presetById('nielsen-ch6-shallow-conv')?.config,
      precision: 'float32',
    });
    expect(fastConvMemoryBytes(preset)).toBeLessThan(WASM32_MAX_BYTES / 16);
    expect(fastConfigProblem(preset)).toBeNull();
  });

  it('lets the ch.6 dropout net on MNIST’s expanded set through, counting its 250,000 training images', () => {
    const sizes = { trainSize: 50_000, validationSize: 10_000, testSize: 10_000 };
    const preset = runConfigSchema.parse({
      ...presetById('nielsen-ch6-dropout')?.config,
      ...sizes,
    });
    const plain = runConfigSchema.parse({ ...preset, expand: undefined });
    expect(preset.expand).toBeDefined();
    // Four more copies of 50,000 training examples: 784 pixel bytes, 10 float64 targets, cost
    // and prediction each.
    const extra = 4 * 50_000 * (784 + 8 * 10 + 8 + 4);
    expect(fastConvMemoryBytes(preset) - fastConvMemoryBytes(plain)).toBe(extra);
    expect(fastConvMemoryBytes(preset)).toBeLessThan(WASM32_MAX_BYTES / 8);
    expect(fastConfigProblem(preset)).toBeNull();
  });

  it('counts nothing for a dense network', () => {
    expect(fastConvMemoryBytes(config([{ type: 'input', shape: [784] }, softmax]))).toBe(0);
  });
});
