import { describe, expect, it } from 'vitest';
import { buildReport, perRunLimit } from './model';
import {
  convFeatures,
  convRun,
  divergedRun,
  fixtureApp,
  fixtureRun,
  layerOneFinding,
} from './report.testing';
import { loggedRun } from '../experiment/run-view.testing';
import { renderMarkdown } from './markdown';
import { renderJson } from './json';
import { palette, type ChartSpec } from './svg-chart';

const at = '2025-03-05T10:00:00Z';

describe('the report model', () => {
  it('titles one run by id and name and a comparison by its size, unless given a title', () => {
    expect(
      buildReport({ runs: [fixtureRun(3, { name: 'base' })], app: fixtureApp, generatedAt: at })
        .title,
    ).toBe('Run #3: base');
    expect(
      buildReport({ runs: [fixtureRun(1), fixtureRun(2)], app: fixtureApp, generatedAt: at }).title,
    ).toBe('Comparison of 2 runs');
    expect(
      buildReport({ runs: [fixtureRun(1)], app: fixtureApp, generatedAt: at, title: '  Mine ' })
        .title,
    ).toBe('Mine');
  });

  it('describes the machine and each run in one line', () => {
    const model = buildReport({
      runs: [fixtureRun(1, { activations: ['tanh', 'sigmoid'], cost: 'cross-entropy' })],
      app: fixtureApp,
      generatedAt: at,
    });
    expect(model.app.machine).toBe('Test CPU · 2 cores · 24 GB · linux/x64');
    expect(model.runs[0].summary).toBe('784-30-10, tanh/sigmoid, cross-entropy cost, mnist');
  });

  it('derives final and best metrics from the epochs when the run has no final row', () => {
    const run = fixtureRun(1, {}, 3);
    run.epochs[2].validationAccuracy = 0.99;
    const { values } = buildReport({ runs: [run], app: fixtureApp, generatedAt: at }).metrics[0];
    expect(values.epochs).toBe(3);
    expect(values.trainCost).toBeCloseTo(0.45 * 0.7 ** 3, 12);
    expect([values.bestValidationAccuracy, values.bestEpoch]).toEqual([0.99, 2]);
    expect(values.seconds).toBeCloseTo(4.5, 12);
  });

  it('draws cost on a log axis when it falls or grows more than twentyfold', () => {
    const cost = (run: ReturnType<typeof fixtureRun>) =>
      buildReport({ runs: [run], app: fixtureApp, generatedAt: at }).curves[0].scale;
    expect(cost(fixtureRun(1, {}, 10))).toBe('log');
    expect(cost(divergedRun(1))).toBe('log');
    expect(cost(fixtureRun(1, {}, 2))).toBe('linear');
  });

  it('draws the curves full width and the diagnostics two to a row', () => {
    const model = buildReport({ runs: [fixtureRun(1)], app: fixtureApp, generatedAt: at });
    expect(model.curves.map((c) => c.size ?? 'full')).toEqual(['full', 'full']);
    expect(model.diagnostics[0].charts.map((c) => c.size)).toEqual(['half', 'half']);
  });

  it('charts dead units for ReLU layers and saturated units for sigmoid layers', () => {
    const run = fixtureRun(1, { activations: ['relu', 'sigmoid'] }, 2);
    run.epochs.forEach((e) => (e.layers[0].deadFraction = 0.4));
    const chart = buildReport({ runs: [run], app: fixtureApp, generatedAt: at }).diagnostics[0]
      .charts[0];
    expect(chart.title).toBe('#1: saturated or dead units');
    expect(chart.series.map((s) => s.name)).toEqual(['layer 1 (dead)', 'layer 2 (saturated)']);
    expect(chart.series[0].points.map((p) => p.y)).toEqual([0.4, 0.4, 0.4]);
    expect(chart.series[1].points.map((p) => p.y)).toEqual([0.15, 0.15, 0.15]);
  });

  it('names a conv net’s dense layers "dense layer ℓ" in its charts and finding places', () => {
    const run = fixtureRun(1, { features: convFeatures }, 2);
    run.findings = [layerOneFinding, { ...layerOneFinding, layer: undefined, epoch: 1 }];
    const model = buildReport({ runs: [run], app: fixtureApp, generatedAt: at });
    for (const chart of model.diagnostics[0].charts)
      expect(chart.series.map((s) => s.name)).toEqual(['dense layer 1', 'dense layer 2']);
    expect(model.findings[0].findings.map((f) => f.where)).toEqual([
      'epoch 2, dense layer 1',
      'epoch 1',
    ]);
  });

  it('charts a conv run’s conv layer first, then its dense layers, with the recorded values', () => {
    const run = convRun(1, 2);
    const [saturation, gradients, speed] = buildReport({
      runs: [run],
      app: fixtureApp,
      generatedAt: at,
    }).diagnostics[0].charts;
    const names = ['conv layer 1', 'dense layer 1', 'dense layer 2'];
    for (const chart of [saturation, gradients, speed])
      expect(chart.series.map((s) => s.name)).toEqual(names);
    const ys = (chart: ChartSpec, i: number) => chart.series[i].points.map((p) => p.y);
    // report.testing.ts: conv layer 1 saturates 0.6 with gradient 0.02·0.9^e; dense layer l 0.3/l, 0.05·l·0.9^e.
    expect(ys(saturation, 0)).toEqual([0.6, 0.6, 0.6]);
    expect(ys(saturation, 1)).toEqual([0.3, 0.3, 0.3]);
    expect(ys(gradients, 0)).toEqual([0.02, 0.02 * 0.9, 0.02 * 0.9 ** 2]);
    expect(ys(gradients, 2)).toEqual([0.1, 0.1 * 0.9, 0.1 * 0.9 ** 2]);
    // Per bias parameter, as the doctor compares them: ‖∂C/∂b‖/√F (4 filters), /√30, /√10.
    expect(ys(speed, 0)[0]).toBeCloseTo(0.002 / 2, 15);
    expect(ys(speed, 1)[0]).toBeCloseTo(0.005 / Math.sqrt(30), 15);
    expect(ys(speed, 2)[0]).toBeCloseTo(0.01 / Math.sqrt(10), 15);
    expect(speed.title).toBe('#1: how fast each layer learns');
  });

  it('charts a ReLU conv layer’s dead units beside the dense layers’ saturated ones', () => {
    const chart = buildReport({ runs: [convRun(1, 2, 'relu')], app: fixtureApp, generatedAt: at })
      .diagnostics[0].charts[0];
    expect(chart.title).toBe('#1: saturated or dead units');
    expect(chart.series.map((s) => [s.name, s.points[0].y])).toEqual([
      ['conv layer 1 (dead)', 0.2],
      ['dense layer 1 (saturated)', 0.3],
      ['dense layer 2 (saturated)', 0.15],
    ]);
  });

  it('keeps a one-hidden-layer dense run’s two diagnostics charts as they were', () => {
    const charts = buildReport({ runs: [fixtureRun(1, {}, 2)], app: fixtureApp, generatedAt: at })
      .diagnostics[0].charts;
    expect(charts.map((c) => c.title)).toEqual([
      '#1: saturated units (σ′(z) < 1% of max)',
      '#1: gradient norm per layer',
    ]);
    expect(charts[1].series.map((s) => [s.name, s.color, s.points.map((p) => p.y)])).toEqual([
      ['layer 1', palette[0], [0.05, 0.05 * 0.9, 0.05 * 0.9 ** 2]],
      ['layer 2', palette[1], [0.1, 0.1 * 0.9, 0.1 * 0.9 ** 2]],
    ]);
  });

  it('adds the learning speed by layer to a deep dense run, as the doctor compares its layers', () => {
    const deep = fixtureRun(1, { layers: [784, 30, 30, 10] }, 2);
    const charts = buildReport({ runs: [deep], app: fixtureApp, generatedAt: at }).diagnostics[0]
      .charts;
    expect(charts.map((c) => c.series.length)).toEqual([3, 3, 3]);
  });

  it('limits per-run sections and says so', () => {
    const runs = Array.from({ length: perRunLimit + 2 }, (_, i) => fixtureRun(i + 1));
    const model = buildReport({ runs, app: fixtureApp, generatedAt: at });
    expect(model.diagnostics).toHaveLength(perRunLimit);
    expect(model.metrics).toHaveLength(perRunLimit + 2);
    expect(model.notes).toEqual([
      `Diagnostics, hidden units and confusion matrices are shown for the first ${perRunLimit} of ${perRunLimit + 2} runs.`,
    ]);
  });

  it('refuses to build a report of nothing', () => {
    expect(() => buildReport({ runs: [], app: fixtureApp, generatedAt: at })).toThrow(
      'A report needs at least one run',
    );
  });
});

describe('a report with a logged run', () => {
  const params = { optimizer: 'adam', lr: 0.001, net: { hidden: 128 } };
  const logged = loggedRun(9, params, [
    { key: 'loss', step: 0, epoch: 0, value: 2.3 },
    { key: 'loss', step: 500, epoch: 4, value: 0.3 },
  ]);
  const model = buildReport({ runs: [fixtureRun(1), logged], app: fixtureApp, generatedAt: at });

  it('diffs its logged params against the trained config, never the placeholder network', () => {
    const paths = model.config.differing.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['layers', 'optimizer', 'lr', 'net.hidden']));
    const layers = model.config.differing.find((d) => d.path === 'layers')!;
    expect(layers.values).toEqual([[784, 30, 10], undefined]);
    expect(model.config.differing.find((d) => d.path === 'net.hidden')!.values).toEqual([
      undefined,
      128,
    ]);
  });

  it('says where it came from, takes its epochs from its metrics and draws no diagnostics', () => {
    expect(model.runs.map((r) => [r.source, r.summary])).toEqual([
      ['trained', '784-30-10, sigmoid, quadratic cost, mnist'],
      ['logged', 'logged elsewhere, 3 params'],
    ]);
    expect(model.metrics[1].values.epochs).toBe(4);
    expect(model.diagnostics.map((d) => d.runId)).toEqual([1]);
    expect(model.notes.join(' ')).toMatch(/Logged runs were trained outside this app/);
  });

  it('draws its logged loss in the cost chart beside the trained run’s cost, by epoch', () => {
    const [trainedCost, loggedCost] = model.curves[0].series.filter((s) => !s.dashed);
    expect(trainedCost.points).toHaveLength(fixtureRun(1).epochs.length);
    expect(loggedCost.name).toBe('#9 logged 9');
    expect(loggedCost.points).toEqual([
      { x: 0, y: 2.3 },
      { x: 4, y: 0.3 },
    ]);
  });

  it('leaves the placeholder out of the Markdown and the JSON export', () => {
    const md = new TextDecoder().decode(renderMarkdown(model, { baseName: 'r' })[0].bytes);
    expect(md).toContain('logged elsewhere, 3 params');
    expect(md).not.toMatch(/\b1-1\b/);
    const json = JSON.parse(renderJson([logged], fixtureApp, at)) as { runs: object[] };
    expect(json.runs[0]).toMatchObject({ source: 'logged', logged: { params } });
    expect(json.runs[0]).not.toHaveProperty('config');
  });
});
