/**
 * How the doctor talks about a network: which weight layer is hidden, its fan-in, its activation,
 * its name, and the number of classes. Weight layer l (1-based) maps the layers[l−1] units below it
 * to the layers[l] units above it; the last weight layer is the output layer.
 */
import { activationsOf, type ActivationName, type RunConfig } from '../../experiment/config';

type Shape = Pick<RunConfig, 'layers' | 'activations'>;

/** Number of weight layers (layers.length − 1). */
export function weightLayerCount(config: Shape): number {
  return config.layers.length - 1;
}

export function isOutputLayer(config: Shape, layer: number): boolean {
  return layer === weightLayerCount(config);
}

export function activationOf(config: Shape, layer: number): ActivationName {
  return activationsOf(config)[layer - 1];
}

/**
 * The name of dense weight layer `layer` (the l of LayerStats.layer and Finding.layer): "layer 2"
 * in a dense network, as Nielsen numbers them; "dense layer 2" in a conv net (config.features),
 * whose first layer is a conv layer that "layer 1" would be read as. The doctor, the reports and
 * the run page all name dense layers by this.
 */
export function denseLayerName(config: Pick<RunConfig, 'features'>, layer: number): string {
  return `${config.features ? 'dense layer' : 'layer'} ${layer}`;
}

/** "layer 1 (784 inputs → 15 hidden units, sigmoid)"; "dense layer 1 (…)" in a conv net. */
export function describeLayer(config: Shape & Pick<RunConfig, 'features'>, layer: number): string {
  const below = layer === 1 ? `${config.layers[0]} inputs` : `${config.layers[layer - 1]} units`;
  const kind = isOutputLayer(config, layer) ? 'outputs' : 'hidden units';
  return `${denseLayerName(config, layer)} (${below} → ${config.layers[layer]} ${kind}, ${activationOf(config, layer)})`;
}

/** Classes the outputs choose between: the output size, or 2 for a single output unit. */
export function classCount(config: Pick<RunConfig, 'layers'>): number {
  return Math.max(2, config.layers[config.layers.length - 1]);
}

/** What the inputs are, in words: "MNIST pixels" or "the inputs". */
export function inputsInWords(config: Pick<RunConfig, 'dataset'>): string {
  const d = config.dataset;
  if (d === 'mnist') return 'MNIST pixels';
  if (d === 'fashion-mnist') return 'Fashion-MNIST pixels';
  return 'the inputs';
}
