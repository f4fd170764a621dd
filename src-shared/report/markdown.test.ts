import { describe, expect, it } from 'vitest';
import { buildReport } from './model';
import { mdInline, mdText, renderMarkdown } from './markdown';
import { missingGlyphs } from './raster-text';
import {
  convFeatures,
  convRun,
  divergedRun,
  fixtureApp,
  fixtureRun,
  fixtureWeights,
  hostile,
  layerOneFinding,
} from './report.testing';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function model() {
  const run = fixtureRun(1, { name: hostile }, 3);
  run.notes = '# not a heading\n- not a list | pipe';
  return buildReport({
    runs: [run, divergedRun(2)],
    weights: { 1: fixtureWeights(10) },
    app: fixtureApp,
    generatedAt: '2025-03-05T10:00:00Z',
  });
}

describe('Markdown text escaping', () => {
  it('turns HTML into entities and Markdown syntax into literal characters', () => {
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdText('a|b *c* [d](e) `f`')).toBe('a\\|b \\*c\\* \\[d\\](e) \\`f\\`');
    expect(mdText('# title\n- item\n1. first\n0.5 stays')).toBe(
      '\\# title\n\\- item\n1\\. first\n0.5 stays',
    );
    expect(mdInline('#1 -0.5 0.03')).toBe('#1 -0.5 0.03');
  });
});

describe('the Markdown report', () => {
  it('writes every chart as a PNG under charts/ and links each by its relative path', () => {
    const files = renderMarkdown(model(), { baseName: 'cmp' });
    expect(files[0].name).toBe('cmp.md');
    const md = decode(files[0].bytes);
    const images = files.slice(1);
    expect(images.map((f) => f.name)).toEqual([
      'charts/cmp-cost.png',
      'charts/cmp-accuracy.png',
      'charts/cmp-run1-saturation.png',
      'charts/cmp-run1-gradients.png',
      'charts/cmp-run2-saturation.png',
      'charts/cmp-run2-gradients.png',
      'charts/cmp-run1-hidden-units.png',
    ]);
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(images.map((f) => f.name));
    expect(md).not.toContain('data:');
    for (const f of images) {
      expect(f.mimeType).toBe('image/png');
      expect(Array.from(f.bytes.subarray(1, 4), (b) => String.fromCharCode(b)).join('')).toBe(
        'PNG',
      );
    }
  });

  it('paints a conv run’s three diagnostics charts, the conv layer in their legends', () => {
    const report = buildReport({
      runs: [convRun(1, 3)],
      app: fixtureApp,
      generatedAt: '2025-03-05',
    });
    const images = renderMarkdown(report, { baseName: 'c' }).slice(1);
    expect(images.map((f) => f.name)).toEqual([
      'charts/c-cost.png',
      'charts/c-accuracy.png',
      'charts/c-run1-saturation.png',
      'charts/c-run1-gradients.png',
      'charts/c-run1-error-signal.png',
    ]);
    const legends = report.diagnostics[0].charts.map((c) => c.series[0].name);
    expect(legends).toEqual(['conv layer 1', 'conv layer 1', 'conv layer 1']);
  });

  it('has a glyph in the PNG fonts for every character of a report’s chart texts', () => {
    const runs = [convRun(1, 3, 'relu'), fixtureRun(2, { layers: [784, 30, 30, 10] })];
    const report = buildReport({ runs, app: fixtureApp, generatedAt: '2025-03-05' });
    const charts = [...report.curves, ...report.diagnostics.flatMap((d) => d.charts)];
    const texts = charts.flatMap((c) => [
      c.title,
      c.xLabel,
      c.yLabel,
      ...c.series.map((s) => s.name),
    ]);
    expect(texts.join('')).toContain('‖∂C/∂b‖/√n');
    for (const weight of ['regular', 'bold'] as const)
      expect(missingGlyphs(texts.join(''), weight)).toEqual([]);
  });

  it('compresses the PNGs with the deflater it is given', () => {
    const calls: number[] = [];
    const files = renderMarkdown(model(), {
      baseName: 'cmp',
      zlib: (raw) => (calls.push(raw.length), new Uint8Array([0x78, 0x01, 3, 0, 0, 0, 0, 1])),
    });
    expect(calls).toHaveLength(files.length - 1);
    expect(Math.max(...files.slice(1).map((f) => f.bytes.length))).toBeLessThan(100);
  });

  it('keeps hostile names and notes as text', () => {
    const md = decode(renderMarkdown(model(), { baseName: 'cmp' })[0].bytes);
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('**#1 notes:** \\# not a heading');
  });
});

describe('findings in Markdown', () => {
  it('are placed in "dense layer ℓ" for a conv net and in "layer ℓ" for a dense net', () => {
    const md = (config: Parameters<typeof fixtureRun>[1]) => {
      const run = fixtureRun(1, config, 3);
      run.findings = [layerOneFinding];
      const report = buildReport({ runs: [run], app: fixtureApp, generatedAt: '2025-03-05' });
      return decode(renderMarkdown(report, { baseName: 'r' })[0].bytes);
    };
    expect(md({ features: convFeatures })).toContain(
      '- **WARNING: Saturated** (epoch 2, dense layer 1)',
    );
    const dense = md({});
    expect(dense).toContain('- **WARNING: Saturated** (epoch 2, layer 1)');
    expect(dense).not.toContain('dense layer');
  });
});

describe('confusion matrices in Markdown', () => {
  it('are tables with the diagonal in bold and class names escaped', () => {
    const m = buildReport({
      runs: [fixtureRun(3, { name: 'digits' }, 3)],
      confusion: {
        3: {
          counts: [
            [5, 1],
            [0, 4],
          ],
          examples: 10,
          correct: 9,
          classNames: ['a|b', 'c'],
        },
      },
      app: fixtureApp,
      generatedAt: '2025-03-05T10:00:00Z',
    });
    const [md] = renderMarkdown(m, { baseName: 'r' });
    const text = decode(md.bytes);
    expect(text).toContain('## Confusion matrices');
    expect(text).toContain('| actual ↓ predicted → | a\\|b | c |');
    expect(text).toContain('| **a\\|b** | **5** | 1 |');
    expect(text).toContain('| **c** | 0 | **4** |');
    expect(text).toMatch(/All 10 labelled test examples with the final weights: 90\.00% right/);
  });
});
