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
import { convLayersOf } from './conv-shape';
import { depthLayers, errorSignal, type DepthLayer } from './layer-depth';
import { weightLayerCount } from './network-shape';
import type { DiagnoseInput, Fix } from './rule';
import { num } from './wording';

/** Below this, first/last hidden is reported (the first learns ≥ 10× slower). */
const INFO_RATIO = 0.1;
const WARNING_RATIO = 0.01;

/** One level of depth below the output, as layer-depth.ts lists it, with its error signal. */
export interface DepthLevel extends Pick<DepthLayer, 'label' | 'layer'> {
  /** ‖∂C/∂b‖ as recorded. */
  biasGradientNorm: number;
  /** Per bias parameter: ‖∂C/∂b‖/√n (n units, or F filters for a conv layer). */
  gradient: number;
}

/** Per-parameter ‖∂C/∂b‖ of each level of depth in `record` — the conv layers, then the dense hidden
 * layers — first layer first; null when a layer is missing or a value is not a finite number. The
 * levels are listed from this record alone, so a record made before conv layers were measured
 * compares its dense hidden layers. */
export function hiddenGradients(input: DiagnoseInput, record: EpochRecord): DepthLevel[] | null {
  const levels: DepthLevel[] = [];
  for (const level of depthLayers([record], input.config).slice(0, -1)) {
    const stats = level.statsIn(record);
    if (!stats) return null;
    const { label, layer } = level;
    const { biasGradientNorm } = stats;
    const gradient = errorSignal(level, stats);
    levels.push({ label, ...(layer === undefined ? {} : { layer }), biasGradientNorm, gradient });
  }
  return levels.every((v) => Number.isFinite(v.gradient)) ? levels : null;
}

/** First level's per-parameter gradient over the last's, or null when the network has fewer than
 * two levels below its output or the ratio cannot be computed. */
export function depthRatio(input: DiagnoseInput, record: EpochRecord): number | null {
  const g = hiddenGradients(input, record);
  if (!g || g.length < 2 || g[g.length - 1].gradient <= 0) return null;
  return g[0].gradient / g[g.length - 1].gradient;
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

/** What to try, in words: ReLU wherever the network has none yet (conv layers named apart,
 * since only the dense layers' activations are one config field a fix can set). */
function reluAdvice(denseRelu: boolean, convRelu: boolean): string {
  if (denseRelu && convRelu)
    return 'Use fewer hidden layers, or He-normal weights so that each ReLU layer passes the signal on at its size.';
  const where =
    !convRelu && !denseRelu
      ? 'the conv layers (their activation in the layer editor) and the hidden layers'
      : !convRelu
        ? 'the conv layers (their activation in the layer editor)'
        : 'the hidden layers';
  return (
    `Try ReLU units in ${where} (their derivative is 1 where they are active, so the signal is not ` +
    'cut at every layer), or fewer hidden layers; compare the per-layer gradients of both runs at epoch 0.'
  );
}

export function vanishingGradientDepth(input: DiagnoseInput): Finding[] {
  const worst = worstRecord(input);
  const severity = worst ? severityOf(worst.ratio) : null;
  if (!worst || !severity) return [];
  const g = hiddenGradients(input, worst.record) as DepthLevel[];
  const [first, last] = [g[0], g[g.length - 1]];
  const convs = convLayersOf(input.config);
  const levels =
    convs.length > 0 ? `${g.length} layers below the output` : `${g.length} hidden layers`;
  const chain = g.map((v) => `${v.label}: ${num(v.gradient)}`).join(', ');
  const hiddenDense = weightLayerCount(input.config) - 1;
  const denseRelu = activationsOf(input.config)
    .slice(0, hiddenDense)
    .every((a) => a === 'relu');
  const convRelu = convs.every((c) => c.geometry.activation === 'relu');
  return [
    {
      rule: 'vanishing-gradient-depth',
      severity,
      epoch: worst.record.epoch,
      ...(first.layer === undefined ? {} : { layer: first.layer }),
      title: `The gradient shrinks layer by layer: ${first.label} learns ${num(1 / worst.ratio)} times slower than ${last.label}`,
      message:
        `At epoch ${worst.record.epoch}, the error signal per unit (∂C/∂b) of the ${levels}, first to ` +
        `last, is ${chain}. Weights change in proportion to it, so the first hidden layer learns about ` +
        `${num(1 / worst.ratio)} times slower than the last: the layers near the input stay close to their random ` +
        'start while the layers near the output do the learning. On its way back, backpropagation multiplies the ' +
        "error signal by the weights and by σ'(z) at every layer it passes (σ'(z) is at most 0.25 for a sigmoid), " +
        'so it shrinks with every layer added — the vanishing gradient problem of Nielsen ch.5.',
      evidence: {
        gradientRatio: worst.ratio,
        hiddenLayers: g.length,
        firstHiddenBiasGradientNorm: first.biasGradientNorm,
        lastHiddenBiasGradientNorm: last.biasGradientNorm,
      },
      // The run page's chart of ‖∂C/∂b‖ per unit by layer, the measure this rule reads.
      chart: 'error-signal',
      suggestion: reluAdvice(denseRelu, convRelu),
      ...(denseRelu ? {} : proposing(input.config, reluFix(input))),
    },
  ];
}
