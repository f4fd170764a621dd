/**
 * What the layer editor and the architecture picture know about each typed layer
 * (src-shared/experiment/layer-specs.ts): its fields, what a new one starts as, the shape it puts
 * out, and one line describing it. A new layer type is one entry of `layerKinds`.
 */
import type { LayerSpecInput } from '../../../src-shared/experiment/layer-specs';

/** A tensor's shape: [units], [height, width] or [height, width, channels]. */
export type Shape = number[];

export type LayerType = LayerSpecInput['type'];

/** One editable field of a layer row. */
export interface LayerField {
  key: string;
  label: string;
  kind: 'integer' | 'rate' | 'activation';
  /** Shown when the field is empty: the schema's default. */
  placeholder?: string;
}

export interface LayerKind {
  /** Shown in the row's "add" menu and the picture. */
  label: string;
  /** Whether the editor offers it (the input row is always the first). */
  addable: boolean;
  /** Where a new one goes: on the image (after the input and the conv/pool layers that follow
   * it) or in the dense part (just before the output layer). */
  place: 'image' | 'dense';
  fields: LayerField[];
  /** A new layer of this type placed after a layer putting out `before`. */
  make: (before: Shape) => LayerSpecInput;
  /** The shape it puts out given what comes in (null: unknown), or null when a field is not
   * yet a number. */
  output: (spec: Record<string, unknown>, input: Shape | null) => Shape | null;
  /** "dense 30 · sigmoid", "dropout 0.5". */
  describe: (spec: Record<string, unknown>) => string;
}

const whole = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
const shown = (v: unknown): string => (v === undefined || v === '' ? '?' : String(v));

/**
 * A window of k sliding by s over an image [height, width, channels?] padded by p: (n + 2p − k)/s + 1
 * positions per axis, channels `filters` (conv) or as they came (pool); null when it does not fit
 * or does not come out whole (the schema then says why, naming the layer).
 */
function slide(input: Shape | null, k: number, s: number, p: unknown, filters: number | null) {
  if (!input || input.length < 2 || typeof p !== 'number' || !Number.isInteger(p) || p < 0)
    return null;
  const [height, width, channels = 1] = input;
  const extent = (n: number) => (n + 2 * p - k) / s + 1;
  const [h, w] = [extent(height), extent(width)];
  if (![h, w].every((e) => Number.isInteger(e) && e >= 1)) return null;
  return [h, w, filters ?? channels];
}

export const layerKinds: Record<LayerType, LayerKind> = {
  input: {
    label: 'input',
    place: 'image',
    addable: false,
    fields: [],
    make: (before) => ({ type: 'input', shape: before }),
    output: (spec) => {
      const shape = spec.shape;
      return Array.isArray(shape) && shape.every((d) => whole(d) !== null) ? shape : null;
    },
    describe: () => 'input',
  },
  dense: {
    label: 'dense',
    place: 'dense',
    addable: true,
    fields: [
      { key: 'units', label: 'units', kind: 'integer' },
      { key: 'activation', label: 'activation', kind: 'activation' },
    ],
    make: () => ({ type: 'dense', units: 30, activation: 'sigmoid' }),
    output: (spec) => (whole(spec.units) === null ? null : [spec.units as number]),
    describe: (spec) => `dense ${shown(spec.units)} · ${String(spec.activation ?? 'sigmoid')}`,
  },
  dropout: {
    label: 'dropout',
    place: 'dense',
    addable: true,
    fields: [{ key: 'rate', label: 'rate', kind: 'rate' }],
    make: () => ({ type: 'dropout', rate: 0.5 }),
    output: (_spec, input) => input,
    describe: (spec) => `dropout ${shown(spec.rate)}`,
  },
  conv2d: {
    label: 'conv2d',
    place: 'image',
    addable: true,
    fields: [
      { key: 'filters', label: 'filters', kind: 'integer' },
      { key: 'kernel', label: 'kernel', kind: 'integer' },
      { key: 'stride', label: 'stride', kind: 'integer', placeholder: '1' },
      { key: 'padding', label: 'padding', kind: 'integer', placeholder: '0' },
      { key: 'activation', label: 'activation', kind: 'activation' },
    ],
    make: () => ({ type: 'conv2d', filters: 20, kernel: 5, activation: 'sigmoid' }),
    output: (spec, input) => {
      const filters = whole(spec.filters);
      const k = whole(spec.kernel);
      if (filters === null || k === null) return null;
      return slide(
        input,
        k,
        whole(spec.stride) ?? 1,
        spec.padding === undefined ? 0 : spec.padding,
        filters,
      );
    },
    describe: (spec) =>
      `conv2d ${shown(spec.filters)} of ${shown(spec.kernel)}×${shown(spec.kernel)} · ${String(spec.activation ?? 'sigmoid')}`,
  },
  maxpool: {
    label: 'maxpool',
    place: 'image',
    addable: true,
    fields: [
      { key: 'size', label: 'size', kind: 'integer' },
      { key: 'stride', label: 'stride', kind: 'integer', placeholder: 'size' },
    ],
    make: () => ({ type: 'maxpool', size: 2 }),
    output: (spec, input) => {
      const size = whole(spec.size);
      return size === null ? null : slide(input, size, whole(spec.stride) ?? size, 0, null);
    },
    describe: (spec) => `maxpool ${shown(spec.size)}×${shown(spec.size)}`,
  },
};

export const addableTypes = (Object.keys(layerKinds) as LayerType[]).filter(
  (t) => layerKinds[t].addable,
);

/** Where a new layer of `type` goes in `layers` (see LayerKind.place). */
export function insertionIndex(type: LayerType, layers: readonly { type?: unknown }[]): number {
  if (layerKinds[type].place === 'dense') return Math.max(1, layers.length - 1);
  const firstDense = layers.findIndex((l, i) => i > 0 && kindOf(l)?.place !== 'image');
  return firstDense < 0 ? layers.length : firstDense;
}

export const kindOf = (spec: { type?: unknown }): LayerKind | undefined =>
  layerKinds[spec.type as LayerType];

/** The shape each layer puts out, in order; null where it cannot be worked out (a field that
 * is not a number, or a layer that depends on one). */
export function layerShapes(specs: readonly Record<string, unknown>[]): (Shape | null)[] {
  let before: Shape | null = [];
  return specs.map((spec) => {
    const kind = kindOf(spec);
    before = kind ? kind.output(spec, before) : null;
    return before;
  });
}

/** "30", "28×28", and a volume channels first as the engine writes it: [24, 24, 20] → "20×24×24". */
export const describeShape = (shape: Shape): string =>
  (shape.length === 3 ? [shape[2], shape[0], shape[1]] : shape).join('×');

/** Values a tensor of this shape holds. */
export const volumeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);
