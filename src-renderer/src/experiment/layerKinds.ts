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
  /** Whether the user can add and remove it (the input row is always the first). */
  addable: boolean;
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

export const layerKinds: Record<LayerType, LayerKind> = {
  input: {
    label: 'input',
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
    addable: true,
    fields: [{ key: 'rate', label: 'rate', kind: 'rate' }],
    make: () => ({ type: 'dropout', rate: 0.5 }),
    output: (_spec, input) => input,
    describe: (spec) => `dropout ${shown(spec.rate)}`,
  },
  // conv2d and maxpool are refused by this version's schema (issue 21 part 2): listed so the
  // picture can draw a config naming them; they are not offered in the editor's menu yet.
  conv2d: {
    label: 'conv2d',
    addable: false,
    fields: [],
    make: () => ({ type: 'conv2d', filters: 20, kernel: 5 }),
    output: () => null,
    describe: (spec) => `conv2d ${shown(spec.filters)} × ${shown(spec.kernel)}²`,
  },
  maxpool: {
    label: 'maxpool',
    addable: false,
    fields: [],
    make: () => ({ type: 'maxpool', size: 2 }),
    output: () => null,
    describe: (spec) => `maxpool ${shown(spec.size)}`,
  },
};

export const addableTypes = (Object.keys(layerKinds) as LayerType[]).filter(
  (t) => layerKinds[t].addable,
);

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

/** "28×28", "30". */
export const describeShape = (shape: Shape): string => shape.join('×');

/** Values a tensor of this shape holds. */
export const volumeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);
