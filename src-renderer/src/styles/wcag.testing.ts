/**
 * WCAG 2.x contrast from colour values, for the tests that check the theme and the chart palette:
 * relative luminance and contrast ratio (WCAG 2.2, "contrast ratio"), alpha compositing for the
 * translucent tints, and the light-dark() pairs of a stylesheet's text (the tests read theme.css
 * itself, so the check follows the file).
 */

export type Rgba = [number, number, number, number];

/** `#rrggbb` or `rgba(r, g, b, a)` / `rgb(r, g, b)` to channels 0–255 and alpha 0–1. */
export function parseColor(text: string): Rgba {
  const value = text.trim();
  const hex = /^#([0-9a-f]{6})$/i.exec(value);
  if (hex) {
    const n = Number.parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(
    value,
  );
  if (fn)
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), fn[4] === undefined ? 1 : Number(fn[4])];
  throw new Error(`not a colour this check reads (#rrggbb or rgba()): ${JSON.stringify(text)}`);
}

/** `top` painted over the opaque `under`. */
export function over(top: Rgba, under: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((k) => top[k] * a + under[k] * (1 - a)).concat(1) as Rgba;
}

/** Relative luminance of an opaque colour (sRGB channels linearised). */
export function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

export type Theme = 'light' | 'dark';

/** Every `--name: light-dark(light, dark)` of a stylesheet, by name. */
export function lightDarkColors(css: string): Record<string, Record<Theme, Rgba>> {
  const colour = String.raw`(#[0-9a-fA-F]{6}|rgba?\([^)]*\))`;
  const pair = new RegExp(
    String.raw`--([\w-]+):\s*light-dark\(\s*${colour}\s*,\s*${colour}\s*\)`,
    'g',
  );
  const out: Record<string, Record<Theme, Rgba>> = {};
  for (const m of css.matchAll(pair))
    out[m[1]] = { light: parseColor(m[2]), dark: parseColor(m[3]) };
  return out;
}

/** Oklab (Björn Ottosson, 2020) of an opaque colour: [L, a, b]; distances in it follow how
 * different two colours look. */
export function oklab([r, g, b]: Rgba): [number, number, number] {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const l = Math.cbrt(0.4122214708 * R + 0.5363325363 * G + 0.0514459929 * B);
  const m = Math.cbrt(0.2119034982 * R + 0.6806995451 * G + 0.1073969566 * B);
  const s = Math.cbrt(0.0883024619 * R + 0.2817188376 * G + 0.6299787005 * B);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}
