/**
 * Rule "vanishing-gradient": the first layer's error signal far below the output layer's. Like
 * Nielsen ch.5, the speed of learning of layer l is measured by δ_l = ∂C/∂b_l, per unit:
 * g_l = ‖∂C/∂b_l‖ / √n_l (weight gradients would also shrink with the 81% of MNIST pixels that are 0).
 * Backpropagation (BP2) multiplies the error signal by σ'(z) ≤ 0.25 and by the weights at every
 * layer it passes, so the first layer of a deep sigmoid net learns far slower (Nielsen ch.5: about
 * 100× between the first and last hidden layers of 784-30-30-30-30-10). Measured at initialization
 * on MNIST, 784-30-10: g_1/g_2 = 0.14 for N(0,1) weights, 0.11 for N(0, 1/√n_in), 2.6e-9 for U[0,1).
 * Warning below 1/100, info below 1/30. Never an error: the layers above still learn; when
 * saturation is the cause, saturated-layer carries the error. With two or more hidden layers whose
 * first learns ≥ 10× slower than the last, vanishing-gradient-depth (gradient-depth.ts) tells the
 * same story layer by layer, and this rule stands aside. In a conv net whose records measured its
 * conv layers, the first layer is conv layer 1 (per filter bias: ‖∂C/∂b‖/√F).
 */
import type { EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { vanishingGradientDepth, type DepthLevel } from './gradient-depth';
import { convLayersOf, convStatsOf } from './conv-shape';
import { statsOf } from './layer-inputs';
import { denseLayerName, weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { num } from './wording';

/** The first layer below the output: conv layer 1 in a conv net whose records measured it (per
 * filter bias, ‖∂C/∂b‖/√F), else hidden layer 1; null when there is none. */
function firstLevel(input: DiagnoseInput, record: EpochRecord): DepthLevel | null {
  const conv = convLayersOf(input.config)[0];
  const convStats = conv ? convStatsOf(record, 1) : undefined;
  if (conv && convStats) {
    const { biasGradientNorm } = convStats;
    const gradient = biasGradientNorm / Math.sqrt(conv.geometry.filters);
    return { label: 'conv layer 1', biasGradientNorm, gradient };
  }
  const stats = statsOf(record, 1);
  if (!stats || weightLayerCount(input.config) < 2) return null;
  const { biasGradientNorm } = stats;
  const gradient = biasGradientNorm / Math.sqrt(input.config.layers[1]);
  return { label: denseLayerName(input.config, 1), layer: 1, biasGradientNorm, gradient };
}

/** g_1 / g_L for a record, or null when it cannot be computed (missing, zero or non-finite). */
export function gradientRatio(input: DiagnoseInput, record: EpochRecord): number | null {
  const last = weightLayerCount(input.config);
  const first = firstLevel(input, record);
  const output = statsOf(record, last);
  if (!first || !output) return null;
  const ratio = first.gradient / (output.biasGradientNorm / Math.sqrt(input.config.layers[last]));
  return Number.isFinite(ratio) && output.biasGradientNorm > 0 ? ratio : null;
}

function severityOf(ratio: number): Severity | null {
  if (ratio < 0.01) return 'warning';
  if (ratio < 1 / 30) return 'info';
  return null;
}

function cause(input: DiagnoseInput, record: EpochRecord): string {
  const hidden = record.layers.filter((s) => s.layer < weightLayerCount(input.config));
  const saturated = [
    ...(record.convLayers ?? []).map((s) => ({ name: `conv layer ${s.conv}`, s })),
    ...hidden.map((s) => ({ name: denseLayerName(input.config, s.layer), s })),
  ].filter(({ s }) => s.saturatedFraction >= 0.3);
  if (saturated.length > 0) {
    const names = saturated.map((s) => s.name).join(', ');
    return (
      `The cause is saturation: ${names} ${saturated.length === 1 ? 'is' : 'are'} saturated, and backpropagation ` +
      "multiplies the error signal by σ'(z) ≈ 0 on its way down (see the saturated-layer finding)."
    );
  }
  return (
    "On its way down, backpropagation multiplies the error signal by σ'(z) (at most 0.25 for a sigmoid) and " +
    'by the weights of each layer it passes, so it shrinks layer by layer.'
  );
}

function slower(ratio: number): string {
  if (ratio < 1e-6) return 'in practice the first layer does not learn at all.';
  return `the first layer learns about ${num(1 / ratio)} times slower.`;
}

export function vanishingGradient(input: DiagnoseInput): Finding[] {
  if (vanishingGradientDepth(input).length > 0) return [];
  let worst: { record: EpochRecord; ratio: number } | null = null;
  for (const record of input.epochs) {
    const ratio = gradientRatio(input, record);
    if (ratio !== null && (!worst || ratio < worst.ratio)) worst = { record, ratio };
  }
  const severity = worst ? severityOf(worst.ratio) : null;
  if (!worst || !severity) return [];
  const last = weightLayerCount(input.config);
  const first = firstLevel(input, worst.record) as DepthLevel;
  return [
    {
      rule: 'vanishing-gradient',
      severity,
      epoch: worst.record.epoch,
      ...(first.layer === undefined ? {} : { layer: first.layer }),
      title: 'The first layer gets almost no gradient',
      message:
        `At epoch ${worst.record.epoch}, the error signal per unit of ${first.label} (∂C/∂b) is ` +
        (worst.ratio === 0
          ? `zero, where the output layer's (${denseLayerName(input.config, last)}) is not: `
          : `${num(worst.ratio)} times that of the output layer (${denseLayerName(input.config, last)}): `) +
        `${slower(worst.ratio)} ` +
        cause(input, worst.record),
      evidence: {
        gradientRatio: worst.ratio,
        firstLayerBiasGradientNorm: first.biasGradientNorm,
        outputLayerBiasGradientNorm: statsOf(worst.record, last)?.biasGradientNorm ?? 'unknown',
      },
      chart: 'gradients',
      suggestion:
        'Keep hidden units out of saturation (centred init, N(0, 1/√n_in)); for deep networks, ReLU units with ' +
        'He initialization pass the gradient down without shrinking it.',
      changes: [{ field: 'init.weights', direction: 'set', value: { kind: 'scaled-normal' } }],
    },
  ];
}
