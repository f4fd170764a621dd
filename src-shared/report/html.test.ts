import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { buildReport } from './model';
import { renderHtml, reportCsp } from './html';
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

function hostileReport(): string {
  const run = fixtureRun(7, { name: hostile }, 3);
  run.notes = `${hostile}\nsecond line`;
  run.tags = ['</script>'];
  run.findings = [
    {
      ...divergedRun(1).findings[0],
      title: hostile,
      message: '</script><script>alert(3)</script>',
      suggestion: hostile,
    },
  ];
  const model = buildReport({
    runs: [run, divergedRun(8)],
    app: fixtureApp,
    generatedAt: '2025-03-05T10:00:00Z',
    title: hostile,
  });
  return renderHtml(model);
}

describe('the HTML report', () => {
  it('contains no script element, no event handler markup and no external reference', () => {
    const html = hostileReport();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:|\/\/)/i);
  });

  it('carries the Content-Security-Policy meta tag that forbids everything but inline styles and data images', () => {
    const html = hostileReport();
    expect(reportCsp).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${reportCsp}">`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('shows hostile names, notes, tags and findings as escaped text', () => {
    const html = hostileReport();
    const escaped =
      '&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;';
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(5);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
  });

  it('spells out NaN in the metrics and marks the diverged epochs on the chart', () => {
    const model = buildReport({
      runs: [divergedRun(3)],
      app: fixtureApp,
      generatedAt: '2025-03-05T10:00:00Z',
    });
    const html = renderHtml(model);
    expect(html).toContain('<td class="num">NaN</td>');
    expect(html).toContain('NaN or ∞ (diverged)');
    expect(html).toContain('stroke="#d00"');
  });

  it('embeds the hidden units as a PNG data URI whose pixels decode to the montage', () => {
    const weights = fixtureWeights(12, 4);
    const model = buildReport({
      runs: [fixtureRun(1)],
      weights: { 1: weights },
      app: fixtureApp,
      generatedAt: '2025-03-05T10:00:00Z',
    });
    const match = renderHtml(model).match(/src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/);
    expect(match).not.toBeNull();
    const png = Buffer.from(match![1], 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const { width, height } = model.hiddenUnits[0].montage.image;
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
    const idat = png.subarray(41, 41 + png.readUInt32BE(33));
    expect(inflateSync(idat).length).toBe(height * (width + 1));
  });

  it('draws no hidden units of a conv run: its first dense layer reads conv outputs, not pixels', () => {
    const build = (run: ReturnType<typeof fixtureRun>) =>
      buildReport({
        runs: [run],
        weights: { 1: fixtureWeights(12, 4) },
        app: fixtureApp,
        generatedAt: '2025-03-05T10:00:00Z',
      });
    expect(build(fixtureRun(1)).hiddenUnits).toHaveLength(1);
    const conv = fixtureRun(1, { features: convFeatures });
    expect(conv.config.layers[0]).toBe(784);
    expect(build(conv).hiddenUnits).toEqual([]);
  });

  it('places a conv net’s finding in "dense layer ℓ" and a dense net’s in "layer ℓ"', () => {
    const html = (config: Parameters<typeof fixtureRun>[1]) => {
      const run = fixtureRun(1, config, 3);
      run.findings = [layerOneFinding];
      return renderHtml(buildReport({ runs: [run], app: fixtureApp, generatedAt: '2025-03-05' }));
    };
    expect(html({ features: convFeatures })).toContain(
      '<span class="evidence">(epoch 2, dense layer 1)</span>',
    );
    const dense = html({});
    expect(dense).toContain('<span class="evidence">(epoch 2, layer 1)</span>');
    expect(dense).not.toContain('dense layer');
  });

  it('draws a conv run’s conv layer beside its dense layers in each diagnostics chart', () => {
    const html = renderHtml(
      buildReport({ runs: [convRun(1, 3)], app: fixtureApp, generatedAt: '2025-03-05' }),
    );
    const diagnostics = html.slice(html.indexOf('<h2>Diagnostics</h2>'));
    const charts = diagnostics.split('<svg').slice(1);
    expect(charts.map((svg) => /aria-label="([^"]*)"/.exec(svg)?.[1])).toEqual([
      '#1: saturated units (σ′(z) &lt; 1% of max)',
      '#1: gradient norm per layer',
      '#1: how fast each layer learns',
    ]);
    for (const svg of charts)
      for (const name of ['conv layer 1', 'dense layer 1', 'dense layer 2'])
        expect(svg).toContain(`>${name}</text>`);
  });

  it('names every section a reader expects', () => {
    const html = hostileReport();
    for (const heading of [
      'Runs',
      'Results',
      'Curves',
      'Configuration',
      "Doctor's findings",
      'Diagnostics',
    ]) {
      expect(html).toContain(`<h2>${heading.replace("'", '&#39;')}</h2>`);
    }
  });
});

describe('confusion matrices in reports', () => {
  const run = fixtureRun(7, { name: 'digits' }, 3);
  const matrix = {
    counts: [
      [8, 2],
      [1, 9],
    ],
    examples: 20,
    correct: 17,
    classNames: [hostile, 'one'],
  };
  const model = buildReport({
    runs: [run],
    confusion: { 7: matrix },
    app: fixtureApp,
    generatedAt: '2025-03-05T10:00:00Z',
  });

  it('draw one table per run with every count, the accuracy and class names as text', () => {
    const html = renderHtml(model);
    expect(html).toContain('<h2>Confusion matrices</h2>');
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).toContain('&lt;img src=x');
    for (const count of [8, 2, 1, 9])
      expect(html).toMatch(new RegExp(`<td style="[^"]*">${count}</td>`));
    expect(html).toMatch(/all 20 labelled test examples, 85\.00% right/);
  });

  it('leave the section out when no matrix was computed', () => {
    const without = buildReport({
      runs: [run],
      app: fixtureApp,
      generatedAt: '2025-03-05T10:00:00Z',
    });
    expect(renderHtml(without)).not.toContain('Confusion matrices');
    expect(without.confusion).toEqual([]);
  });
});
