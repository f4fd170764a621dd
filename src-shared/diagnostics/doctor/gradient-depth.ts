/**
 * Rule "vanishing-gradient-depth": in a network with two or more hidden layers, the first hidden
 * layer learning far slower than the last. Nielsen ch.5 measures the speed of learning of hidden
 * layer l by ‖δˡ‖ = ‖∂C/∂bˡ‖ (here per unit, ‖∂C/∂bˡ‖/√nˡ, so layers of different widths compare);
 * each layer the error signal passes back through multiplies it by w·σ'(z), with σ'(z) ≤ 1/4 for a
 * sigmoid, so it shrinks layer by layer. The book's figures at initialization: 784-30-30-10
 * 0.07, 0.31 (×4.4); 784-30-30-30-10 0.012, 0.060, 0.283 (×24); 784-30-30-30-30-10 0.003, 0.017,
 * 0.070, 0.285 (×95). Info at ×10 or more between the first and last hidden layers, warning at
 * ×100. The output layer is left out on purpose: its error signal (a − y) is large for any
 * network, and vanishing-gradient already compares the first layer to it; for these networks this
 * rule speaks instead (vanishing-gradient stands aside), so a learner reads one finding.
 */
import type { EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { activationsOf } from '../../experiment/config';
import { proposing } from './config-fixes';
import { statsOf } from './layer-inputs';
import { weightLayerCount } from './network-shape';
import type { DiagnoseInput, Fix } from './rule';
import { num } from './wording';

/** Below this, first/last hidden is reported (the first learns ≥ 10× slower). */
const INFO_RATIO = 0.1;
const WARNING_RATIO = 0.01;

/** Per-unit ‖∂C/∂b‖ of each hidden layer in `record`, first hidden layer first; null when a layer
 * is missing or a value is not a finite number. */
export function hiddenGradients(input: DiagnoseInput, record: EpochRecord): number[] | null {
  const hidden = weightLayerCount(input.config) - 1;
  const out: number[] = [];
  for (let l = 1; l <= hidden; l++) {
    const stats = statsOf(record, l);
    const g = stats ? stats.biasGradientNorm / Math.sqrt(input.config.layers[l]) : NaN;
    if (!Number.isFinite(g)) return null;
    out.push(g);
  }
  return out;
}

/** First hidden layer's per-unit gradient over the last hidden layer's, or null when the network
 * has fewer than two hidden layers or the ratio cannot be computed. */
export function depthRatio(input: DiagnoseInput, record: EpochRecord): number | null {
  if (weightLayerCount(input.config) < 3) return null;
  const g = hiddenGradients(input, record);
  if (!g || g[g.length - 1] <= 0) return null;
  return g[0] / g[g.length - 1];
}

function severityOf(ratio: number): Severity | null {
  if (ratio <= WARNING_RATIO) return 'warning';
  if (ratio <= INFO_RATIO) return 'info';
  return null;
}

/** The fix to test: ReLU in every hidden layer, the output layer's activation kept. A ReLU's
 * derivative is 1 where it is active, so the signal is not multiplied by σ' ≤ 1/4 at each layer. */
function reluFix(input: DiagnoseInput): Fix {
  const acts = activationsOf(input.config);
  const value = acts.map((a, i) => (i === acts.length - 1 ? a : 'relu'));
  return { field: 'activations', value, label: 'ReLU hidden layers' };
}

/** The worst record: the smallest first/last ratio over the run. */
function worstRecord(input: DiagnoseInput): { record: EpochRecord; ratio: number } | null {
  let worst: { record: EpochRecord; ratio: number } | null = null;
  for (const record of input.epochs) {
    const ratio = depthRatio(input, record);
    if (ratio !== null && (!worst || ratio < worst.ratio)) worst = { record, ratio };
  }
  return worst;
}

export function vanishingGradientDepth(input: DiagnoseInput): Finding[] {
  const worst = worstRecord(input);
  const severity = worst ? severityOf(worst.ratio) : null;
  if (!worst || !severity) return [];
  const g = hiddenGradients(input, worst.record) as number[];
  const hidden = g.length;
  const chain = g.map((v, i) => `layer ${i + 1}: ${num(v)}`).join(', ');
  const hasRelu = activationsOf(input.config)
    .slice(0, hidden)
    .every((a) => a === 'relu');
  const fix = reluFix(input);
  return [
    {
      rule: 'vanishing-gradient-depth',
      severity,
      epoch: worst.record.epoch,
      layer: 1,
      title: `The gradient shrinks layer by layer: layer 1 learns ${num(1 / worst.ratio)} times slower than layer ${hidden}`,
      message:
        `At epoch ${worst.record.epoch}, the error signal per unit (∂C/∂b) of the ${hidden} hidden layers, first to ` +
        `last, is ${chain}. Weights change in proportion to it, so the first hidden layer learns about ` +
        `${num(1 / worst.ratio)} times slower than the last: the layers near the input stay close to their random ` +
        'start while the layers near the output do the learning. On its way back, backpropagation multiplies the ' +
        "error signal by the weights and by σ'(z) at every layer it passes (σ'(z) is at most 0.25 for a sigmoid), " +
        'so it shrinks with every layer added — the vanishing gradient problem of Nielsen ch.5.',
      evidence: {
        gradientRatio: worst.ratio,
        hiddenLayers: hidden,
        firstHiddenBiasGradientNorm: statsOf(worst.record, 1)?.biasGradientNorm ?? 'unknown',
        lastHiddenBiasGradientNorm: statsOf(worst.record, hidden)?.biasGradientNorm ?? 'unknown',
      },
      // The run page's chart of ‖∂C/∂b‖ per unit by layer, the measure this rule reads.
      chart: 'error-signal',
      suggestion: hasRelu
        ? 'Use fewer hidden layers, or He-normal weights so that each ReLU layer passes the signal on at its size.'
        : 'Try ReLU units in the hidden layers (their derivative is 1 where they are active, so the signal is not ' +
          'cut at every layer), or fewer hidden layers; compare the per-layer gradients of both runs at epoch 0.',
      ...(hasRelu ? {} : proposing(input.config, fix)),
    },
  ];
}
