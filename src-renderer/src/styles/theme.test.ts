/**
 * WCAG AA contrast of the theme's text colours (4.5:1 for normal text; the app's text is 11–14 px,
 * so no "large text" allowance applies) on every background they are drawn on, in both themes.
 * The values come from theme.css itself, so a colour changed badly fails here.
 */
import { describe, expect, it } from 'vitest';
// The test runs in Node and checks the stylesheet's own text (vitest hands CSS to tests empty).
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { contrastRatio, lightDarkColors, over, parseColor, type Theme } from './wcag.testing';

const colors = lightDarkColors(readFileSync(new URL('./theme.css', import.meta.url), 'utf8'));
const themes: Theme[] = ['light', 'dark'];
const opaque = ['bg', 'surface', 'surface-2'];
const tints = ['accent-weak', 'danger-weak', 'warn-weak', 'ok-weak', 'info-weak'];
const texts = ['text', 'text-muted', 'text-faint', 'accent', 'danger', 'warn', 'ok', 'info'];

function color(name: string, theme: Theme) {
  const c = colors[name]?.[theme];
  if (!c) throw new Error(`theme.css has no light-dark() value for --${name}`);
  return c;
}

/** Every background a text may sit on: the opaque ones and each tint over each of them. */
function backgrounds(theme: Theme) {
  const plain = opaque.map((name) => ({ name, rgba: color(name, theme) }));
  const tinted = tints.flatMap((tint) =>
    plain.map((p) => ({ name: `${tint} over ${p.name}`, rgba: over(color(tint, theme), p.rgba) })),
  );
  return [...plain, ...tinted];
}

describe('the theme', () => {
  it('reads every colour this test names from theme.css', () => {
    for (const name of [...opaque, ...tints, ...texts, 'accent-text', 'danger-text'])
      expect(colors[name], `--${name}`).toBeDefined();
  });

  for (const theme of themes) {
    it(`gives every text colour at least 4.5:1 on every background (${theme})`, () => {
      const failures = texts.flatMap((text) =>
        backgrounds(theme)
          .map((bg) => ({ text, on: bg.name, ratio: contrastRatio(color(text, theme), bg.rgba) }))
          .filter((r) => r.ratio < 4.5)
          .map((r) => `--${r.text} on ${r.on}: ${r.ratio.toFixed(2)}:1`),
      );
      expect(failures).toEqual([]);
    });

    it(`gives button text at least 4.5:1 on the accent and danger fills (${theme})`, () => {
      expect(
        contrastRatio(color('accent-text', theme), color('accent', theme)),
      ).toBeGreaterThanOrEqual(4.5);
      expect(
        contrastRatio(color('danger-text', theme), color('danger', theme)),
      ).toBeGreaterThanOrEqual(4.5);
    });
  }
});

describe('contrastRatio', () => {
  it('is 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio(parseColor('#000000'), parseColor('#ffffff'))).toBeCloseTo(21, 6);
    expect(contrastRatio(parseColor('#777777'), parseColor('#777777'))).toBe(1);
  });

  it('matches the WCAG figure for #767676 on white (4.54:1)', () => {
    expect(contrastRatio(parseColor('#767676'), parseColor('#ffffff'))).toBeCloseTo(4.54, 2);
  });

  it('composites a tint over its background before comparing', () => {
    expect(over(parseColor('rgba(0, 0, 0, 0.5)'), parseColor('#ffffff'))).toEqual([
      127.5, 127.5, 127.5, 1,
    ]);
  });

  it('refuses a colour it cannot read, naming it', () => {
    expect(() => parseColor('oklch(0.5 0.1 20)')).toThrow(/"oklch\(0\.5 0\.1 20\)"/);
  });
});
