/**
 * Whether a conv net fits the fast conv session's memory (src-main/trainer/fast/conv-memory.ts),
 * decided from the config alone so admission refuses it rather than a trainer failing on it. That
 * session keeps everything in one wasm32 memory of at most 4 GiB: the dense weights and their
 * gradient sums, the conv filters and their gradient sums, one slot per example of a mini-batch
 * (its activations, δs and conv gradients, so the batch sums are added in example order), one
 * workspace per thread and the three splits' images (byte pixels as bytes, other values as
 * float32; the training split 5× with expand). The count below is a lower bound of that layout
 * (no alignment, no velocities, no dropout masks, no context block, a byte per image value, splits
 * only as large as the config says), so a config it refuses can never fit.
 */
import { conv2dWeightCount } from '../engine/layers/conv2d';
import { planFeatures, type FeaturePlan } from '../engine/layers/feature-stack';
import { volume } from '../engine/layers/tensor';
import type { RunConfig } from './config';

/** The largest wasm32 memory: 65536 pages of 64 KiB. */
export const WASM32_MAX_BYTES = 2 ** 32;

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Bytes of the conv layers' parameters: F·C·k·k weights and F biases, float32. */
function convParameterBytes(plan: FeaturePlan): number {
  return sum(
    plan.layers.map((g) => (g.type === 'conv2d' ? 4 * (conv2dWeightCount(g) + g.filters) : 0)),
  );
}

/** Bytes of one example's slot: its cost, a⁰…a^L, δ¹…δ^L and its conv gradients. */
function slotBytes(plan: FeaturePlan, sizes: readonly number[]): number {
  return 8 + 4 * sum(sizes) + 4 * sum(sizes.slice(1)) + convParameterBytes(plan);
}

/** Bytes of one thread's workspace: per conv layer its padded input, z, a and δ; per pool its
 * outputs and winners; every layer after the first its input's gradient; the dense z's. */
function workspaceBytes(plan: FeaturePlan, sizes: readonly number[]): number {
  const stages = plan.layers.map((g, s) => {
    const out = volume(g.output);
    const gin = s > 0 ? volume(g.input) : 0;
    if (g.type !== 'conv2d') return 4 * (2 * out + gin);
    const p = g.padding;
    const padded = g.input.channels * (g.input.height + 2 * p) * (g.input.width + 2 * p);
    return 4 * (padded + 3 * out + gin);
  });
  return sum(stages) + 4 * sum(sizes.slice(1)) + 4 * sizes[0];
}

/** Bytes of the splits the config sizes (the training split expanded 5× with expand): images
 * (at least a byte per value: the dataset is not known here), targets (float64), costs,
 * predictions. */
function splitBytes(config: RunConfig, plan: FeaturePlan): number {
  const train = (config.trainSize ?? 0) * (config.expand ? 5 : 1);
  const count = train + (config.validationSize ?? 0) + (config.testSize ?? 0);
  const nOut = config.layers[config.layers.length - 1];
  return count * (volume(plan.input) + 8 * nOut + 8 + 4);
}

/** A lower bound of the bytes the fast conv session of `config` (a conv net) allocates. */
export function fastConvMemoryBytes(config: RunConfig): number {
  if (!config.features) return 0;
  const plan = planFeatures(config.features);
  const sizes = config.layers;
  const dense = sum(sizes.slice(1).map((n, l) => 8 * (n * sizes[l] + n)));
  const threads = config.threads ?? 1;
  const slots = Math.max(config.batchSize, threads);
  return (
    dense +
    2 * convParameterBytes(plan) +
    slots * slotBytes(plan, sizes) +
    threads * workspaceBytes(plan, sizes) +
    splitBytes(config, plan)
  );
}

/** Why the fast conv session cannot hold `config` in its memory, or null when it may. */
export function fastConvMemoryProblem(config: RunConfig): string | null {
  const bytes = fastConvMemoryBytes(config);
  if (bytes <= WASM32_MAX_BYTES) return null;
  const gib = (bytes / 2 ** 30).toFixed(1);
  return `a conv net needing at least ${gib} GiB (weights and their gradients, ${Math.max(config.batchSize, config.threads ?? 1)} example slots of the mini-batch, the data) where the fast path's memory holds 4 GiB (a smaller batchSize or dense layer fits)`;
}
