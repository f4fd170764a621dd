/**
 * The picture of a network: one block per typed layer, left to right, its height growing with
 * the number of values the layer puts out (on a log scale, so 10 outputs still show beside 784
 * inputs), with the layer and its tensor shape written under it. Pure geometry: the SVG
 * component draws what this returns.
 */
import { describeShape, layerShapes, volumeOf } from './layerKinds';

export interface ArchitectureBlock {
  /** Centre of the block's column. */
  x: number;
  top: number;
  width: number;
  height: number;
  /** "dense", "conv2d 5×5", "dropout 0.5": short enough for a column. */
  title: string;
  /** The activation, or '' for layers without one. */
  detail: string;
  /** "28×28", "100", or "?" while a field is not a number. */
  shape: string;
  /** Dropout changes no shape: drawn as a thin dashed block. */
  dashed: boolean;
}

export interface ArchitectureLayout {
  blocks: ArchitectureBlock[];
  width: number;
  height: number;
  /** What the picture says, for a screen reader: "input 28×28 → dense relu 100 → …". */
  text: string;
}

const COLUMN = 104;
const MAX_HEIGHT = 140;
const MIDDLE = 10 + MAX_HEIGHT / 2;
/** Rows of text under the blocks. */
export const LABEL_Y = MIDDLE + MAX_HEIGHT / 2 + 18;

/** 14 px for one value up to 140 px, 14 px per doubling. */
export const blockHeight = (values: number): number =>
  Math.min(MAX_HEIGHT, Math.max(14, 14 + 14 * Math.log2(Math.max(1, values))));

const shown = (v: unknown): string => (v === undefined || v === '' ? '?' : String(v));

/** The type and its one telling number (a window's size, a dropout rate). */
function titleOf(spec: Record<string, unknown>): string {
  if (spec.type === 'conv2d') return `conv2d ${shown(spec.kernel)}×${shown(spec.kernel)}`;
  if (spec.type === 'maxpool') return `maxpool ${shown(spec.size)}×${shown(spec.size)}`;
  if (spec.type === 'dropout') return `dropout ${shown(spec.rate)}`;
  return String(spec.type);
}

const detailOf = (spec: Record<string, unknown>): string =>
  spec.type === 'dense' || spec.type === 'conv2d' ? String(spec.activation ?? 'sigmoid') : '';

export function architectureLayout(specs: readonly Record<string, unknown>[]): ArchitectureLayout {
  const shapes = layerShapes(specs);
  const blocks = specs.map((spec, i): ArchitectureBlock => {
    const shape = shapes[i];
    const dashed = spec.type === 'dropout';
    const height = shape ? blockHeight(volumeOf(shape)) : 30;
    return {
      x: COLUMN / 2 + i * COLUMN,
      top: MIDDLE - height / 2,
      width: dashed ? 12 : 34,
      height,
      title: titleOf(spec),
      detail: detailOf(spec),
      shape: shape ? describeShape(shape) : '?',
      dashed,
    };
  });
  return {
    blocks,
    width: Math.max(COLUMN, blocks.length * COLUMN),
    height: LABEL_Y + 38,
    text: blocks.map((b) => [b.title, b.detail, b.shape].filter(Boolean).join(' ')).join(' → '),
  };
}
