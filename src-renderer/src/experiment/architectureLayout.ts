/**
 * The picture of a network: one block per typed layer, left to right, its height growing with
 * the number of values the layer puts out (on a log scale, so 10 outputs still show beside 784
 * inputs), with the layer and its tensor shape written under it. Pure geometry: the SVG
 * component draws what this returns.
 */
import { describeShape, kindOf, layerShapes, volumeOf } from './layerKinds';

export interface ArchitectureBlock {
  /** Centre of the block's column. */
  x: number;
  top: number;
  width: number;
  height: number;
  /** "dense · relu", "input", "dropout 0.5". */
  title: string;
  /** "28×28", "100", or "?" while a field is not a number. */
  shape: string;
  /** Dropout changes no shape: drawn as a thin dashed block. */
  dashed: boolean;
}

export interface ArchitectureLayout {
  blocks: ArchitectureBlock[];
  width: number;
  height: number;
  /** What the picture says, for a screen reader: "input 28×28 → dense · relu 100 → …". */
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

function titleOf(spec: Record<string, unknown>): string {
  if (spec.type === 'dense') return `dense · ${String(spec.activation ?? 'sigmoid')}`;
  return kindOf(spec)?.describe(spec) ?? String(spec.type);
}

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
      shape: shape ? describeShape(shape) : '?',
      dashed,
    };
  });
  return {
    blocks,
    width: Math.max(COLUMN, blocks.length * COLUMN),
    height: LABEL_Y + 24,
    text: blocks.map((b) => `${b.title} ${b.shape}`).join(' → '),
  };
}
