/**
 * The convolutional front of a network (options.ts FeatureSpec): the input image through its
 * conv2d and maxpool layers, whose last output, flattened channel-major, is the dense network's
 * input a^0. Nielsen's network3.py chains ConvPoolLayers into FullyConnectedLayers the same way.
 *
 * Training an example: FeatureReader.load runs `forward` into ws.as[0]; the dense network does
 * its feedforward and backprop; `inputGradient` gives ∂C/∂a^0 = (w^1)ᵀ δ^1 (BP2 one layer
 * further down), and `backward` carries it back through the stack, adding ∂C/∂w and ∂C/∂b of
 * every conv layer to `grads`.
 */
import type { Float } from '../activations';
import { ExampleReader } from '../examples';
import { newFloat, type Network, type Precision, type Workspace } from '../network';
import type { Split } from '../../base/dataset';
import type { FeatureLayerSpec, FeatureSpec, InitSpec } from '../options';
import type { ParameterArrays } from '../optimizers';
import type { Rng } from '../rng';
import { ValidationError } from '../../base/validation';
import { sampler } from '../init';
import {
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  conv2dWeightCount,
  type Conv2dGeometry,
  type ConvValues,
} from './conv2d';
import { maxPoolBackward, maxPoolForward, maxPoolGeometry, type MaxPoolGeometry } from './maxpool';
import { volume, type Shape3 } from './tensor';
import type { ConvParameterCount } from '../../base/record-schema';
import type { FeatureWeightsJson } from '../../base/records';

export type FeatureGeometry =
  ({ type: 'conv2d' } & Conv2dGeometry) | ({ type: 'maxpool' } & MaxPoolGeometry);

export interface FeaturePlan {
  input: Shape3;
  layers: FeatureGeometry[];
  /** The last layer's output: its volume is the dense network's layers[0]. */
  output: Shape3;
}

/** Each layer's shapes; throws naming pathOf(i) for a layer that does not fit its input. */
export function planFeatures(
  spec: FeatureSpec,
  pathOf: (i: number) => string = (i) => `features.layers[${i}]`,
): FeaturePlan {
  const [height, width, channels] = spec.input;
  const input: Shape3 = { channels, height, width };
  let shape = input;
  const layers = spec.layers.map((layer: FeatureLayerSpec, i): FeatureGeometry => {
    const g: FeatureGeometry =
      layer.type === 'conv2d'
        ? { type: 'conv2d', ...conv2dGeometry(shape, layer, pathOf(i)) }
        : {
            type: 'maxpool',
            ...maxPoolGeometry(shape, layer.size, layer.stride ?? layer.size, pathOf(i)),
          };
    shape = g.output;
    return g;
  });
  return { input, layers, output: shape };
}

/**
 * The layout of a conv front in one line, every field written out ("8×8×1 · conv 3 of 3×3 stride 1
 * pad 0 relu · pool 2 stride 2"): checkpoints store it, since two layouts can have arrays of the
 * same lengths (another activation, padding or pool) and must not resume each other.
 */
export function featureLayoutText(plan: FeaturePlan): string {
  const { height, width, channels } = plan.input;
  const layers = plan.layers.map((g) =>
    g.type === 'conv2d'
      ? `conv ${g.filters} of ${g.kernel}×${g.kernel} stride ${g.stride} pad ${g.padding} ${g.activation}`
      : `pool ${g.size} stride ${g.stride}`,
  );
  return [`${height}×${width}×${channels}`, ...layers].join(' · ');
}

/** Weights and biases of the conv layers: Σ (F·C·k·k + F). */
export function featureParameterCount(plan: FeaturePlan): number {
  let n = 0;
  for (const g of plan.layers) if (g.type === 'conv2d') n += conv2dWeightCount(g) + g.filters;
  return n;
}

/** Each conv layer's number of weights and biases, in order (none without `spec`). */
export function convParameterCounts(spec: FeatureSpec | undefined): ConvParameterCount[] {
  if (!spec) return [];
  return planFeatures(spec)
    .layers.filter((g) => g.type === 'conv2d')
    .map((g) => ({ weights: conv2dWeightCount(g), biases: g.filters }));
}

/** One zeroed array per conv layer's weights (w) and biases (b). */
export function zeroFeatureArrays(plan: FeaturePlan, precision: Precision): ParameterArrays {
  const convs = plan.layers.filter((g) => g.type === 'conv2d');
  return {
    w: convs.map((g) => newFloat(precision, conv2dWeightCount(g))),
    b: convs.map((g) => newFloat(precision, g.filters)),
  };
}

/**
 * Bytes of one example's values in a FeatureStack of `plan` (its constructor allocates exactly
 * these) plus FeatureTraining's gradient g at the output: unlike a dense net, a conv net's values
 * can far outweigh its parameters (1000 filters of 1×1 on 28×28: 2000 parameters, 2.4M values).
 */
export function featureValueBytes(plan: FeaturePlan, precision: Precision): number {
  const width = precision === 'float32' ? 4 : 8;
  let bytes = width * volume(plan.input) + 8 * volume(plan.output);
  for (const g of plan.layers) {
    const n = volume(g.output);
    bytes += g.type === 'conv2d' ? 3 * width * n : (width + 4) * n; // z, a, δ | values, argmax
    bytes += 8 * volume(g.input); // ∂C/∂input
  }
  return bytes;
}

type Stage =
  | { g: Conv2dGeometry & { type: 'conv2d' }; conv: number; out: ConvValues }
  | { g: MaxPoolGeometry & { type: 'maxpool' }; out: Float; argmax: Int32Array };

/** Parameters, their summed gradients and one example's values of every layer. */
export class FeatureStack {
  readonly params: ParameterArrays;
  readonly grads: ParameterArrays;
  private readonly stages: Stage[];
  /** The example as [C, H, W]. */
  private readonly x: Float;
  /** ∂C/∂(input of stage s), s ≥ 1 (the image itself needs no gradient). */
  private readonly gIn: Float64Array[];

  constructor(
    readonly plan: FeaturePlan,
    readonly precision: Precision,
  ) {
    this.params = zeroFeatureArrays(plan, precision);
    this.grads = zeroFeatureArrays(plan, precision);
    this.x = newFloat(precision, volume(plan.input));
    let conv = 0;
    this.stages = plan.layers.map((g): Stage => {
      const n = volume(g.output);
      if (g.type === 'maxpool')
        return { g, out: newFloat(precision, n), argmax: new Int32Array(n) };
      const [z, a, delta] = [0, 1, 2].map(() => newFloat(precision, n));
      return { g, conv: conv++, out: { z, a, delta } };
    });
    this.gIn = plan.layers.map((g) => new Float64Array(volume(g.input)));
  }

  /** Runs one example (a dataset row, pixels row by row with their channels side by side) and
   * writes the flattened output into `a0`. */
  forward(row: ArrayLike<number>, a0: Float): void {
    const { channels: C, height: H, width: W } = this.plan.input;
    for (let c = 0; c < C; c++)
      for (let p = 0; p < H * W; p++) this.x[c * H * W + p] = row[p * C + c];
    let x = this.x;
    for (const s of this.stages) {
      if ('conv' in s) {
        conv2dForward(s.g, this.paramsOf(s.conv), x, s.out);
        x = s.out.a;
      } else {
        maxPoolForward(s.g, x, s.out, s.argmax);
        x = s.out;
      }
    }
    a0.set(x);
  }

  /** From g = ∂C/∂(flattened output) of the last `forward`, adds every conv layer's ∂C/∂w, ∂C/∂b. */
  backward(g: Float64Array): void {
    let gOut: ArrayLike<number> = g;
    for (let i = this.stages.length - 1; i >= 0; i--) {
      const s = this.stages[i];
      const gX = i > 0 ? this.gIn[i] : null;
      if ('conv' in s) {
        const x = i > 0 ? this.outputOf(i - 1) : this.x;
        const grads = { weights: this.grads.w[s.conv], biases: this.grads.b[s.conv] };
        conv2dBackward(s.g, this.paramsOf(s.conv), x, s.out, gOut, grads, gX);
      } else if (gX) maxPoolBackward(s.g, gOut, s.argmax, gX);
      if (gX) gOut = gX;
    }
  }

  /** The output of every layer for the last `forward`, each [C, H, W] (copies). */
  layerOutputs(): Float64Array[] {
    return this.stages.map((_, i) => Float64Array.from(this.outputOf(i)));
  }

  /** z, a and δ of conv layer `conv` (0-based among the conv layers) for the last example run
   * (views, not copies: the next `forward` overwrites them). */
  convValues(conv: number): ConvValues {
    const stage = this.stages.find((s) => 'conv' in s && s.conv === conv);
    if (!stage || !('conv' in stage)) throw new RangeError(`no conv layer ${conv}`);
    return stage.out;
  }

  /** The conv layers' parameters as plain arrays (WeightsJson.features). */
  toJson(): FeatureWeightsJson {
    return {
      weights: this.params.w.map((w) => Array.from(w)),
      biases: this.params.b.map((b) => Array.from(b)),
    };
  }

  /** Sets the conv layers' parameters from `json` (shapes checked by weightsShapeProblem). */
  setFromJson(json: FeatureWeightsJson): void {
    this.params.w.forEach((w, i) => w.set(json.weights[i]));
    this.params.b.forEach((b, i) => b.set(json.biases[i]));
  }

  zeroGradients(): void {
    for (const a of [...this.grads.w, ...this.grads.b]) a.fill(0);
  }

  private paramsOf(conv: number) {
    return { weights: this.params.w[conv], biases: this.params.b[conv] };
  }

  private outputOf(i: number): Float {
    const s = this.stages[i];
    return 'conv' in s ? s.out.a : s.out;
  }
}

/** g_k = ∂C/∂a^0_k = Σ_j w^1_jk δ^1_j, the dense network's gradient at its input (after backprop). */
export function inputGradient(net: Network, ws: Workspace, g: Float64Array): void {
  const [nIn, nOut] = [net.sizes[0], net.sizes[1]];
  const [w, delta] = [net.weights[0], ws.deltas[0]];
  g.fill(0, 0, nIn);
  for (let j = 0; j < nOut; j++) {
    const dj = delta[j];
    if (dj === 0) continue;
    for (let k = 0; k < nIn; k++) g[k] += w[j * nIn + k] * dj;
  }
}

/**
 * Fills the conv layers from `init` with the run's Rng, after the dense layers (init.ts), each
 * conv layer's weights then its biases. Scales read n_in = C·k·k (one unit's inputs) and
 * n_out = F·k·k (network3.py's fan-out before pooling).
 */
export function initializeFeatures(
  stack: FeatureStack,
  init: { weights: InitSpec; biases: InitSpec },
  rng: Rng,
): void {
  for (const which of ['weights', 'biases'] as const)
    if (init[which].kind === 'explicit')
      throw new ValidationError(
        `Invalid config: init.${which}: explicit values set dense layers only; a network with conv2d layers needs a random or constant init`,
        [{ path: `init.${which}`, message: 'explicit values set dense layers only' }],
      );
  let conv = 0;
  for (const g of stack.plan.layers) {
    if (g.type !== 'conv2d') continue;
    const nIn = g.input.channels * g.kernel * g.kernel;
    const nOut = g.filters * g.kernel * g.kernel;
    for (const [target, spec] of [
      [stack.params.w[conv], init.weights],
      [stack.params.b[conv], init.biases],
    ] as const) {
      const draw = sampler(spec as Exclude<InitSpec, { kind: 'explicit' }>, rng, nIn, nOut);
      for (let i = 0; i < target.length; i++) target[i] = draw();
    }
    conv++;
  }
}

/** Reads examples through the stack: ws.as[0] gets the stack's output for the example, so the
 * dense network, evaluate() and the probe statistics run unchanged on a conv net. */
export class FeatureReader extends ExampleReader {
  private readonly row: Float;

  constructor(
    split: Split,
    outputSize: number,
    readonly stack: FeatureStack,
  ) {
    super(split, outputSize, stack.precision);
    this.row = newFloat(stack.precision, split.inputSize);
  }

  override load(i: number, ws: Workspace): void {
    this.loadRow(i, this.row);
    this.stack.forward(this.row, ws.as[0]);
    ws.indexInput();
  }
}
