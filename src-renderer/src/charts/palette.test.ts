// The test runs in Node and checks the stylesheet's own text (vitest hands CSS to tests empty).
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { divergingRgb, seriesColor, sequentialRgb, withAlpha } from './palette';
import { seriesPalettes } from '../../../src-shared/report/series-palette';
import { palette as reportPalette } from '../../../src-shared/report/svg-chart';
import {
  contrastRatio,
  lightDarkColors,
  oklab,
  parseColor,
  type Theme,
} from '../styles/wcag.testing';

const themes: Theme[] = ['light', 'dark'];
/** Tableau 10 as published: the hues the first ten series keep. */
const tableau10 = [
  ...['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f'],
  ...['#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'],
];
const css = readFileSync(new URL('../styles/theme.css', import.meta.url), 'utf8');
/** The charts' background: they sit on cards. */
const surface = (theme: Theme) => lightDarkColors(css).surface[theme];
const palette = (theme: Theme) =>
  Array.from({ length: 20 }, (_, i) => seriesColor(i, theme === 'dark'));
const distance = (x: string, y: string) => {
  const [p, q] = [oklab(parseColor(x)), oklab(parseColor(y))];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};
/** Oklch hue in degrees and chroma. */
const hue = (hex: string) => {
  const [, a, b] = oklab(parseColor(hex));
  return { degrees: (Math.atan2(b, a) * 180) / Math.PI, chroma: Math.hypot(a, b) };
};
const closestPair = (colors: readonly string[]) =>
  Math.min(...colors.flatMap((x, i) => colors.slice(i + 1).map((y) => distance(x, y))));

describe('seriesColor', () => {
  for (const theme of themes) {
    it(`gives 20 different colours before repeating (${theme})`, () => {
      const colors = palette(theme);
      expect(new Set(colors).size).toBe(20);
      expect(seriesColor(20, theme === 'dark')).toBe(seriesColor(0, theme === 'dark'));
    });

    it(`keeps every series at least 3:1 against the chart surface (${theme})`, () => {
      const low = palette(theme)
        .map((c, i) => ({ i, c, ratio: contrastRatio(parseColor(c), surface(theme)) }))
        .filter((r) => r.ratio < 3)
        .map((r) => `series ${r.i + 1} ${r.c}: ${r.ratio.toFixed(2)}:1`);
      expect(low).toEqual([]);
    });

    it(`keeps every pair of series at least 0.06 apart in Oklab (${theme})`, () => {
      expect(closestPair(palette(theme))).toBeGreaterThanOrEqual(0.06);
    });
  }

  it('is at least as distinguishable as the unadjusted palette, whose closest pair was 0.057', () => {
    const unadjusted = [...tableau10, ...seriesPalettes.light.slice(10)];
    expect(closestPair(unadjusted)).toBeLessThan(0.06);
  });

  it('keeps the hue of series i in both themes, and the first ten on Tableau 10 (only the lightness moves)', () => {
    const reference = [...tableau10, ...seriesPalettes.light.slice(10)];
    const moved = themes.flatMap((theme) =>
      seriesPalettes[theme]
        .map((color, i) => ({ i, color, h: hue(color), ref: hue(reference[i]) }))
        // Greys have no hue to keep.
        .filter(({ h, ref }) => Math.min(h.chroma, ref.chroma) > 0.03)
        .filter(({ h, ref }) => Math.abs(((h.degrees - ref.degrees + 540) % 360) - 180) > 8)
        .map(({ i, color }) => `${theme} series ${i + 1} ${color}`),
    );
    expect(moved).toEqual([]);
  });
});

describe('the reports’ series colours', () => {
  it('are the light theme’s, so a report’s chart looks like the app’s', () => {
    expect(reportPalette).toEqual(palette('light'));
  });

  it('keep every series at least 3:1 against the report’s white page', () => {
    const white = parseColor('#ffffff');
    const low = reportPalette
      .map((c, i) => ({ i, c, ratio: contrastRatio(parseColor(c), white) }))
      .filter((r) => r.ratio < 3)
      .map((r) => `series ${r.i + 1} ${r.c}: ${r.ratio.toFixed(2)}:1`);
    expect(low).toEqual([]);
    // Tableau 10, which reports used before, did not.
    expect(tableau10.filter((c) => contrastRatio(parseColor(c), white) < 3).length).toBe(5);
  });
});

describe('withAlpha', () => {
  it('turns #rrggbb into rgba with the alpha', () => {
    expect(withAlpha('#ff8000', 0.25)).toBe('rgba(255, 128, 0, 0.25)');
  });
});

describe('divergingRgb', () => {
  it('maps 0 to white and the ends to blue and red', () => {
    expect(divergingRgb(0)).toEqual([255, 255, 255]);
    expect(divergingRgb(-1)).toEqual([33, 102, 172]);
    expect(divergingRgb(1)).toEqual([178, 24, 43]);
  });

  it('clamps values beyond ±1 and shows NaN as grey', () => {
    expect(divergingRgb(5)).toEqual(divergingRgb(1));
    expect(divergingRgb(NaN)).toEqual([128, 128, 128]);
  });

  it('is halfway between white and red at 0.5', () => {
    expect(divergingRgb(0.5)).toEqual([217, 140, 149]);
  });
});

describe('sequentialRgb', () => {
  it('goes from near white at 0 to dark blue at 1', () => {
    expect(sequentialRgb(0)).toEqual([247, 251, 255]);
    expect(sequentialRgb(1)).toEqual([8, 48, 107]);
  });
});
