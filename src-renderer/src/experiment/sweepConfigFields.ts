/**
 * The sweep builder's fields that exist only in some configs, read from the config the form
 * would send (the sizes form, config.ts): per conv2d layer of `features.layers` its filters,
 * kernel, stride and activation; per hidden dense layer its units (`layers.ℓ`) and, where the
 * config gives them per layer, its activation and dropout rate; the chosen optimizer's and
 * schedule's numbers. Labels name the layer as a person counts: "Conv layer 1" is the first
 * conv2d layer whatever max-pool layers sit between, "Hidden layer 1" is `layers.1`.
 */
import { activationNames } from '../../../src-shared/experiment/config';
import type { SweepField } from './sweepFields';

type Config = Record<string, unknown>;
type Entry = Record<string, unknown>;

const isEntry = (v: unknown): v is Entry => typeof v === 'object' && v !== null;

/** Activations allowed below the output layer (softmax is the output's only). */
export const hiddenActivations = activationNames.filter((a) => a !== 'softmax');

/** "10, 20, 40" around a size: half, itself and double, so the row starts with the current value. */
function around(value: unknown, spread: (v: number) => number[]): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return '';
  const values = [...new Set(spread(value).filter((v) => v >= 1))].sort((a, b) => a - b);
  return values.join(', ');
}
const halfAndDouble = (v: number) => [Math.round(v / 2), v, v * 2];

/** "sigmoid, relu": the current activation and one to compare it with. */
function otherActivation(current: unknown): string {
  const first = typeof current === 'string' ? current : 'sigmoid';
  return `${first}, ${first === 'relu' ? 'sigmoid' : 'relu'}`;
}

function activationField(path: string, label: string, current: unknown): SweepField {
  const placeholder = otherActivation(current);
  return { path, label, group: 'Network', kind: 'choice', choices: hiddenActivations, placeholder };
}

function wholeField(path: string, label: string, placeholder: string): SweepField {
  return { path, label, group: 'Network', kind: 'integer', min: 1, placeholder };
}

/** Filters, kernel size, stride and activation of each conv2d layer. */
export function convFields(config: Config): SweepField[] {
  const features = config.features;
  if (!isEntry(features) || !Array.isArray(features.layers)) return [];
  let conv = 0;
  return features.layers.flatMap((layer: unknown, i) => {
    if (!isEntry(layer) || layer.type !== 'conv2d') return [];
    conv += 1;
    const at = `features.layers.${i}`;
    const name = `Conv layer ${conv}`;
    return [
      wholeField(`${at}.filters`, `${name} filters`, around(layer.filters, halfAndDouble)),
      wholeField(
        `${at}.kernel`,
        `${name} kernel size`,
        around(layer.kernel, (v) => [v - 2, v, v + 2]),
      ),
      wholeField(`${at}.stride`, `${name} stride`, '1, 2'),
      activationField(`${at}.activation`, `${name} activation`, layer.activation),
    ];
  });
}

/** Units of each hidden dense layer, and its activation and dropout rate when the config gives
 * those per layer (a single activation name is swept by the whole-network Activation field). */
export function hiddenLayerFields(config: Config): SweepField[] {
  const { layers, activations, dropout } = config;
  if (!Array.isArray(layers) || !layers.every((n) => typeof n === 'number')) return [];
  return layers.slice(1, -1).flatMap((units: number, k) => {
    const l = k + 1;
    const name = `Hidden layer ${l}`;
    const fields = [wholeField(`layers.${l}`, `${name} units`, around(units, halfAndDouble))];
    if (Array.isArray(activations))
      fields.push(activationField(`activations.${k}`, `${name} activation`, activations[k]));
    if (Array.isArray(dropout))
      fields.push({
        path: `dropout.${l}`,
        label: `${name} dropout rate`,
        group: 'Regularization',
        kind: 'number',
        min: 0,
        below: 1,
        placeholder: '0, 0.25, 0.5',
      });
    return fields;
  });
}

const decay = (path: string, label: string, placeholder: string): SweepField => ({
  path,
  label,
  group: 'Optimizer',
  kind: 'number',
  min: 0,
  below: 1,
  placeholder,
});
const epsilon: SweepField = {
  path: 'optimizer.epsilon',
  label: 'ε',
  group: 'Optimizer',
  kind: 'number',
  above: 0,
  placeholder: '1e-8, 1e-6',
};

/** The numbers of the chosen optimizer (labels as the form's); with none chosen (plain SGD or
 * momentum given as `momentum`), momentum μ itself. */
export function optimizerFields(config: Config): SweepField[] {
  const optimizer = config.optimizer;
  if (!isEntry(optimizer)) return [decay('momentum', 'Momentum μ', '0, 0.9')];
  switch (optimizer.kind) {
    case 'momentum':
    case 'nesterov':
      return [decay('optimizer.momentum', 'Momentum μ', '0.5, 0.9')];
    case 'rmsprop':
      return [decay('optimizer.rho', 'Decay ρ', '0.9, 0.99'), epsilon];
    case 'adam':
      return [
        decay('optimizer.beta1', 'Decay β₁', '0.8, 0.9'),
        decay('optimizer.beta2', 'Decay β₂', '0.99, 0.999'),
        epsilon,
      ];
    default:
      return [];
  }
}

/** The numbers of a step or plateau η schedule (labels as the form's). */
export function scheduleFields(config: Config): SweepField[] {
  const schedule = config.schedule;
  if (!isEntry(schedule)) return [];
  const factor: SweepField = {
    path: 'schedule.factor',
    label: 'Schedule factor',
    group: 'Training',
    kind: 'number',
    above: 0,
    placeholder: '0.1, 0.5',
  };
  const epochs = (path: string, label: string, placeholder: string): SweepField => ({
    path,
    label,
    group: 'Training',
    kind: 'integer',
    min: 1,
    placeholder,
  });
  if (schedule.kind === 'step')
    return [epochs('schedule.every', 'Schedule every (epochs)', '5, 10'), factor];
  if (schedule.kind === 'plateau')
    return [
      epochs('schedule.patience', 'Schedule patience (epochs)', '5, 10'),
      factor,
      {
        path: 'schedule.minLearningRate',
        label: 'Minimum η',
        group: 'Training',
        kind: 'number',
        min: 0,
        placeholder: '0, 0.001',
      },
    ];
  return [];
}
