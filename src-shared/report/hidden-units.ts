/**
 * Hidden-unit images: each first-layer unit j has one weight per input pixel, weights[0][j][k]
 * (Nielsen's convention), so for square image inputs (MNIST: 784 = 28 × 28) its weights can be
 * drawn as a picture of what the unit responds to. Each unit is scaled by its own largest |w|:
 * mid-gray = 0, white = strongly positive, black = strongly negative.
 */
import type { WeightsJson } from '../base/records';
import type { GrayImage } from './png';

export interface HiddenUnitMontage {
  image: GrayImage;
  /** Units drawn (the first `shown` of `total`). */
  shown: number;
  total: number;
  /** Side of one unit's tile in pixels. */
  side: number;
  columns: number;
}

/** The side of a square image of `inputs` pixels, or null when inputs are not a square image of at least 8 × 8. */
export function imageSideOf(inputs: number): number | null {
  const side = Math.round(Math.sqrt(inputs));
  return side * side === inputs && side >= 8 ? side : null;
}

/** One grayscale tile per unit: 128 + 127 · w / max|w|, rounded. A unit whose weights are all 0 or not finite is mid-gray. */
export function unitTile(row: number[]): Uint8Array {
  let max = 0;
  for (const w of row) if (Number.isFinite(w)) max = Math.max(max, Math.abs(w));
  const tile = new Uint8Array(row.length);
  for (let k = 0; k < row.length; k++) {
    const w = row[k];
    tile[k] = max > 0 && Number.isFinite(w) ? Math.round(128 + (127 * w) / max) : 128;
  }
  return tile;
}

/** A grid of the first `limit` units' tiles, `columns` wide, separated by 2-pixel white gutters. */
export function hiddenUnitMontage(
  weights: WeightsJson,
  limit = 40,
  columns = 10,
): HiddenUnitMontage | null {
  const layer = weights.weights[0];
  if (!layer || layer.length === 0) return null;
  const side = imageSideOf(layer[0].length);
  if (side === null) return null;
  const shown = Math.min(limit, layer.length);
  const cols = Math.min(columns, shown);
  const rows = Math.ceil(shown / cols);
  const gap = 2;
  const width = cols * side + (cols + 1) * gap;
  const height = rows * side + (rows + 1) * gap;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let j = 0; j < shown; j++) {
    const tile = unitTile(layer[j]);
    const [left, top] = [
      gap + (j % cols) * (side + gap),
      gap + Math.floor(j / cols) * (side + gap),
    ];
    for (let y = 0; y < side; y++)
      pixels.set(tile.subarray(y * side, (y + 1) * side), (top + y) * width + left);
  }
  return { image: { width, height, pixels }, shown, total: layer.length, side, columns: cols };
}
