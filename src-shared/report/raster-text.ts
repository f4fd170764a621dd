/**
 * Text for the PNG charts from the bitmap fonts of chart-font.ts: glyphs are placed at whole
 * pixels along the pen's advance; a character the font lacks is drawn as "?". Vertical text is
 * turned 90° counter-clockwise about its anchor, as the SVG's rotate(-90).
 */
import { chartFonts, type ChartFontData } from './chart-font';
import { fromBase64 } from './png';
import type { Raster } from './raster';
import type { Point } from './chart-layout';

interface Glyph {
  advance: number;
  x: number;
  y: number;
  w: number;
  h: number;
  coverage: Uint8Array;
}

interface Font {
  size: number;
  glyphs: Map<string, Glyph>;
}

const loaded = new Map<ChartFontData, Font>();

/** The font's glyphs, decoded on first use. */
function fontOf(data: ChartFontData): Font {
  const known = loaded.get(data);
  if (known) return known;
  const bytes = fromBase64(data.coverage);
  const glyphs = new Map<string, Glyph>();
  let at = 0;
  for (const [ch, advance, x, y, w, h] of data.glyphs) {
    glyphs.set(ch, { advance, x, y, w, h, coverage: bytes.subarray(at, at + w * h) });
    at += w * h;
  }
  const font = { size: data.size, glyphs };
  loaded.set(data, font);
  return font;
}

const glyphOf = (font: Font, ch: string): Glyph =>
  font.glyphs.get(ch) ?? (font.glyphs.get('?') as Glyph);

/** The characters of `text` the font has no glyph for (drawn as "?"). */
export function missingGlyphs(text: string, weight: 'regular' | 'bold'): string[] {
  const font = fontOf(chartFonts[weight]);
  return [...new Set(text)].filter((ch) => !font.glyphs.has(ch));
}

/** The advance of `text` in px. */
export function textWidth(text: string, weight: 'regular' | 'bold'): number {
  const font = fontOf(chartFonts[weight]);
  return [...text].reduce((w, ch) => w + glyphOf(font, ch).advance, 0);
}

export interface TextPlacement {
  at: Point;
  anchor: 'start' | 'middle' | 'end';
  weight: 'regular' | 'bold';
  /** Centred on `at` vertically (SVG dy 0.35em) instead of standing on it. */
  middle?: boolean;
  vertical?: boolean;
}

/** Adds the coverage of `text` to the raster's mask (paint it afterwards). */
export function coverText(raster: Raster, text: string, place: TextPlacement): void {
  const font = fontOf(chartFonts[place.weight]);
  const width = textWidth(text, place.weight);
  let pen = place.anchor === 'start' ? 0 : place.anchor === 'middle' ? -width / 2 : -width;
  const baseline = place.middle ? 0.35 * font.size : 0;
  for (const ch of text) {
    const g = glyphOf(font, ch);
    const [u0, v0] = [Math.round(pen + g.x), Math.round(baseline + g.y)];
    for (let v = 0; v < g.h; v++)
      for (let u = 0; u < g.w; u++) {
        const c = g.coverage[v * g.w + u] / 255;
        // Text space (u along the line, v down) to the image; vertical turns it -90°.
        const [du, dv] = [u0 + u, v0 + v];
        const [x, y] = place.vertical ? [dv, -du - 1] : [du, dv];
        raster.cover(Math.round(place.at[0]) + x, Math.round(place.at[1]) + y, c);
      }
    pen += g.advance;
  }
}
