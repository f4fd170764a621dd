/**
 * The New experiment form edits a network as typed layers (layer-specs.ts), whatever form the
 * config came in: a preset or a cloned run in the sizes form (`layers: [784, 30, 10]` +
 * `activations` + `dropout`) is turned into typed layers when loaded, and the draft is turned
 * back into the sizes form when sent, so stored runs and sweeps see what they always saw.
 * The schema reports some issues in the sizes form ("activations[0]"); they are moved to the
 * typed layer they are about, so each shows at its row.
 */
import { z } from 'zod';
import {
  canonicalLayers,
  layerSpecSchema,
  type LayerSpec,
  type LayerSpecInput,
} from '../../../src-shared/experiment/layer-specs';
import { activationsOf, type ActivationName } from '../../../src-shared/experiment/config';
import type { DatasetInfo } from '../../../src-shared/contract/types';
import { configIssues, type FieldIssue } from './formIssues';
import { volumeOf, type Shape } from './layerKinds';

type Config = Record<string, unknown>;

const isSizes = (layers: unknown): layers is number[] =>
  Array.isArray(layers) && layers.length >= 2 && layers.every((n) => typeof n === 'number');

/** The shape of the dataset's examples: its image when it has one, else a vector. */
export const inputShapeOf = (info: DatasetInfo): Shape =>
  info.imageShape ? [...info.imageShape] : [info.inputSize];

/** Gives the input layer the dataset's shape (an image's rows × columns when it has them) when
 * its own does not hold the dataset's values, or is flat where the dataset has images. */
export function fitInputShape(layers: unknown, info: DatasetInfo | undefined): void {
  const input = Array.isArray(layers) ? (layers[0] as Config | undefined) : undefined;
  if (!info || input?.type !== 'input' || !Array.isArray(input.shape)) return;
  const shape = input.shape as number[];
  const wanted = inputShapeOf(info);
  if (volumeOf(shape) !== info.inputSize || (shape.length === 1 && wanted.length > 1))
    input.shape = wanted;
}

/** The input layer, and the conv and pool layers of a conv net (stored as `features`: its
 * image and those layers; layers[0] is then what they put out). */
function inputLayers(config: Config, first: number, inputShape?: Shape | null): LayerSpecInput[] {
  const features = config.features as { input?: unknown; layers?: unknown } | undefined;
  if (features && Array.isArray(features.input) && Array.isArray(features.layers))
    return [
      { type: 'input', shape: [...(features.input as number[])] },
      ...(structuredClone(features.layers) as LayerSpecInput[]),
    ];
  const shape = inputShape && volumeOf(inputShape) === first ? inputShape : [first];
  return [{ type: 'input', shape: [...shape] }];
}

/** The typed layers a sizes-form config means (input shaped as `inputShape` when that holds
 * layers[0] values), or null when its layers are not a list of sizes. */
export function typedLayersOf(config: Config, inputShape?: Shape | null): LayerSpecInput[] | null {
  const sizes = config.layers;
  if (!isSizes(sizes)) return null;
  const activations = activationsOf({
    layers: sizes,
    activations: (config.activations ?? 'sigmoid') as ActivationName | ActivationName[],
  });
  const dropout = Array.isArray(config.dropout) ? (config.dropout as number[]) : [];
  const typed = [...inputLayers(config, sizes[0], inputShape)];
  sizes.slice(1).forEach((units, k) => {
    typed.push({ type: 'dense', units, activation: activations[k] ?? 'sigmoid' });
    const rate = dropout[k + 1];
    if (k < sizes.length - 2 && typeof rate === 'number' && rate > 0)
      typed.push({ type: 'dropout', rate });
  });
  return typed;
}

/**
 * A config as the form edits it: typed layers (no `activations` or `dropout` beside them) and
 * momentum SGD written as the optimizer it is. Configs it cannot read are kept as they are, so
 * the schema names what is wrong.
 */
export function formDraftOf(config: Config, inputShape?: Shape | null): Config {
  const draft: Config = structuredClone(config);
  const typed = typedLayersOf(draft, inputShape);
  if (typed) {
    draft.layers = typed;
    delete draft.activations;
    delete draft.dropout;
    delete draft.features;
  }
  const mu = draft.momentum;
  if (draft.optimizer === undefined && typeof mu === 'number' && mu > 0) {
    draft.optimizer = { kind: 'momentum', momentum: mu };
    delete draft.momentum;
  }
  return draft;
}

/** The typed layers of the draft when they parse and their order is right, else null. */
export function parsedLayers(layers: unknown): LayerSpec[] | null {
  const parsed = z.array(layerSpecSchema).safeParse(layers);
  if (!parsed.success || Array.isArray(canonicalLayers(parsed.data))) return null;
  return parsed.data;
}

/** The draft in the sizes form (what is sent), or the draft itself when its layers do not
 * parse (the form does not send it then). One activation for every layer is sent as one name,
 * as the form always wrote it, so runs compare and sweep as before. */
export function sizesFormOf(draft: Config): Config {
  const specs = parsedLayers(draft.layers);
  const canonical = specs && canonicalLayers(specs);
  if (!canonical || Array.isArray(canonical)) return draft;
  const [first, ...rest] = canonical.activations;
  const same = rest.every((a) => a === first);
  return { ...draft, ...canonical, activations: same ? first : canonical.activations };
}

/** The typed path of a sizes-form issue path, given which typed layers are dense. */
function typedPath(path: string, dense: number[]): string {
  const activation = /^activations\[(\d+)\]/.exec(path);
  if (activation) return `layers[${dense[Number(activation[1])]}].activation`;
  const size = /^layers\[(\d+)\]$/.exec(path);
  if (size) {
    const k = Number(size[1]);
    return k === 0 ? 'layers[0]' : `layers[${dense[k - 1]}].units`;
  }
  if (path === 'activations' || path.startsWith('dropout')) return 'layers';
  // A conv net's stored image and conv/pool layers: the input row and the rows after it.
  if (path.startsWith('features.input')) return 'layers[0]';
  const feature = /^features\.layers\[(\d+)\](.*)$/.exec(path);
  if (feature) return `layers[${Number(feature[1]) + 1}]${feature[2]}`;
  return path;
}

/** Schema issues with the sizes-form paths moved to the typed layers they are about. Only when
 * the typed layers themselves are fine: otherwise every layer issue is already typed. */
export function typedIssues(issues: FieldIssue[], layers: unknown): FieldIssue[] {
  const specs = parsedLayers(layers);
  if (!specs) return issues;
  const dense = specs.flatMap((s, i) => (s.type === 'dense' ? [i] : []));
  return issues.map((issue) => ({ ...issue, path: typedPath(issue.path, dense) }));
}

/** A stand-in network for checking the other fields while the typed layers do not parse. */
const STAND_IN = [1, 1];

/**
 * The schema's issues with the draft, each at the typed layer it is about. The schema stops at
 * typed layers that do not parse, so then the other fields are checked again with a stand-in
 * network (leaving out what depends on the network: its sizes, activations, dropout and cost).
 */
export function draftIssues(draft: Config): FieldIssue[] {
  const issues = configIssues(draft);
  const { layers } = draft;
  const typed = Array.isArray(layers) && layers.some((l) => typeof l === 'object' && l !== null);
  if (!typed || parsedLayers(layers)) return typedIssues(issues, layers);
  const others = configIssues({ ...draft, layers: STAND_IN }).filter(
    (i) => !/^(layers|activations|dropout|cost)\b/.test(i.path),
  );
  return [...issues, ...others];
}

/** Whether the typed layers fit the dataset: its values per example at the input row, its
 * classes at the output layer's units. */
export function layersFitIssues(layers: unknown, dataset: DatasetInfo | undefined): FieldIssue[] {
  const specs = parsedLayers(layers);
  if (!dataset || !specs) return [];
  const issues: FieldIssue[] = [];
  const input = specs[0];
  const values = input.type === 'input' ? volumeOf(input.shape) : dataset.inputSize;
  if (values !== dataset.inputSize)
    issues.push({
      path: 'layers[0]',
      message: `${dataset.name} has ${dataset.inputSize} values per example; the input shape holds ${values}`,
    });
  const last = specs.length - 1;
  const output = specs[last];
  const outputs = dataset.outputSize ?? dataset.classes;
  if (output.type === 'dense' && output.units !== outputs)
    issues.push({
      path: `layers[${last}].units`,
      message: `must be ${outputs}: the output layer gives one unit per ${dataset.outputSize ? 'output' : 'class'} of ${dataset.name}`,
    });
  return issues;
}

/** "784-100-10": the draft's layer sizes, or '' while its layers do not parse. */
export function sizesText(draft: Config): string {
  const sizes = sizesFormOf(draft).layers;
  return isSizes(sizes) ? sizes.join('-') : '';
}

/** The layers "784-100-10" means as dense layers, or why not: each hidden layer keeps the
 * activation of the hidden layer at its position (or the last one), the output layer the output's,
 * the input its shape when that holds the first size. */
export function quickLayers(text: string, layers: unknown): LayerSpecInput[] | string {
  const sizes = text
    .split(/[-,\s×x]+/)
    .filter(Boolean)
    .map(Number);
  if (sizes.length < 2 || !sizes.every((n) => Number.isInteger(n) && n > 0))
    return `“${text}” is not a list of sizes like 784-100-10`;
  const old = Array.isArray(layers) ? (layers as Config[]) : [];
  const input = old[0]?.type === 'input' ? (old[0].shape as Shape) : null;
  const activations = old
    .filter((l) => l.type === 'dense')
    .map((l) => (typeof l.activation === 'string' ? l.activation : 'sigmoid'));
  const hidden = activations.slice(0, -1);
  const output = activations.at(-1) ?? 'sigmoid';
  const wanted = sizes.slice(2).map((_, k) => hidden[k] ?? hidden.at(-1) ?? 'sigmoid');
  return typedLayersOf({ layers: sizes, activations: [...wanted, output] }, input)!;
}
