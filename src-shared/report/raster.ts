/**
 * A small anti-aliased RGB painter for the PNG charts (no DOM, no canvas): shapes are first drawn
 * into a coverage mask (0–1 per pixel, the most any part of the shape covers it, so the joints of
 * a polyline are not painted twice) and the mask is then blended over the image in one colour.
 * Coverage is the share of a pixel a shape's edge leaves inside: clamp(w/2 + 1/2 − d, 0, 1) for a
 * stroke of width w at distance d from the pixel's centre.
 */
import type { RgbImage } from './png';
import type { Point } from './chart-layout';

export class Raster {
  readonly image: RgbImage;
  private readonly mask: Float32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.image = { width, height, pixels: new Uint8Array(width * height * 3).fill(255) };
    this.mask = new Float32Array(width * height);
  }

  /** Adds coverage c (0–1) of pixel (x, y) to the mask, keeping the largest. */
  cover(x: number, y: number, c: number): void {
    if (c <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    if (c > this.mask[i]) this.mask[i] = Math.min(1, c);
  }

  /** Blends the mask over the image in `color` and clears it. */
  paint(color: string): void {
    const rgb = parseColor(color);
    const px = this.image.pixels;
    for (let i = 0; i < this.mask.length; i++) {
      const a = this.mask[i];
      if (a === 0) continue;
      for (let c = 0; c < 3; c++) px[i * 3 + c] = Math.round(px[i * 3 + c] * (1 - a) + rgb[c] * a);
      this.mask[i] = 0;
    }
  }

  /** A straight stroke of `width` px from a to b, with round ends. */
  segment(a: Point, b: Point, width: number): void {
    const reach = width / 2 + 1;
    const [x0, x1] = [Math.min(a[0], b[0]) - reach, Math.max(a[0], b[0]) + reach];
    const [y0, y1] = [Math.min(a[1], b[1]) - reach, Math.max(a[1], b[1]) + reach];
    for (let y = Math.floor(y0); y <= Math.ceil(y1); y++)
      for (let x = Math.floor(x0); x <= Math.ceil(x1); x++)
        this.cover(x, y, width / 2 + 0.5 - distanceToSegment([x + 0.5, y + 0.5], a, b));
  }

  /** A polyline, solid or dashed ([on, off] px measured along the line). */
  polyline(points: Point[], width: number, dash?: [number, number]): void {
    const pieces = dash ? dashed(points, dash) : [points];
    for (const piece of pieces)
      for (let i = 1; i < piece.length; i++) this.segment(piece[i - 1], piece[i], width);
  }

  disc(centre: Point, r: number): void {
    for (let y = Math.floor(centre[1] - r - 1); y <= Math.ceil(centre[1] + r + 1); y++)
      for (let x = Math.floor(centre[0] - r - 1); x <= Math.ceil(centre[0] + r + 1); x++)
        this.cover(x, y, r + 0.5 - Math.hypot(x + 0.5 - centre[0], y + 0.5 - centre[1]));
  }
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** The "on" pieces of a polyline cut into dashes along its length. */
export function dashed(points: Point[], [on, off]: [number, number]): Point[][] {
  const pieces: Point[][] = [];
  let [phase, drawing] = [0, true];
  let current: Point[] = [points[0]];
  for (let i = 1; i < points.length; i++) {
    let a = points[i - 1];
    const b = points[i];
    let left = Math.hypot(b[0] - a[0], b[1] - a[1]);
    while (left > 0) {
      const step = Math.min(left, (drawing ? on : off) - phase);
      const t = step / left;
      a = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      if (drawing) current.push(a);
      [left, phase] = [left - step, phase + step];
      if (phase >= (drawing ? on : off)) {
        if (drawing) pieces.push(current);
        [drawing, phase, current] = [!drawing, 0, [a]];
      }
    }
  }
  if (drawing && current.length > 1) pieces.push(current);
  return pieces;
}

/** "#rgb" or "#rrggbb" as [r, g, b]; anything else is drawn mid-gray rather than refused. */
export function parseColor(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return [128, 128, 128];
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}
