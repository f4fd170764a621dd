import { describe, expect, it } from 'vitest';
import { ValidationError } from '../base/validation';
import { encodeWire } from '../base/wire';
import { buildBundle, encodeBundle, parseBundle } from './bundle';
import { divergedRun, fixtureRun, fixtureWeights } from './report.testing';

function sampleBundle() {
  const a = fixtureRun(4, { name: 'sweep a' }, 2);
  a.experimentId = 9;
  const b = divergedRun(5);
  return buildBundle({
    runs: [a, b],
    weights: { 4: fixtureWeights(30, 2) },
    experimentNames: { 9: 'lr sweep' },
    exportedAt: '2025-03-05T10:00:00.000Z',
    engineVersion: '0.1.0',
  });
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('run bundles', () => {
  it('leave out local ids and live progress but keep the experiment by name', () => {
    const bundle = sampleBundle();
    expect(bundle.runs[0].run).not.toHaveProperty('id');
    expect(bundle.runs[0].run).not.toHaveProperty('experimentId');
    expect(bundle.runs[0].run).not.toHaveProperty('progress');
    expect(bundle.runs[0].run.experimentName).toBe('lr sweep');
    expect(bundle.runs[1].run.experimentName).toBeNull();
    expect(bundle.runs[1].weights).toBeNull();
  });

  it('round-trip through text without loss, NaN and Infinity included', () => {
    const bundle = sampleBundle();
    const back = parseBundle(encodeBundle(bundle));
    expect(back).toEqual(bundle);
    expect(back.runs[1].epochs[3].trainCost).toBeNaN();
    expect(back.runs[1].epochs[3].validationCost).toBe(Infinity);
    expect(Number.isNaN(back.runs[1].findings[0].evidence.cost)).toBe(true);
    expect(encodeBundle(back)).toBe(encodeBundle(bundle));
  });

  it('refuse text that is not JSON, or JSON that is not a bundle', () => {
    expect(errorOf(() => parseBundle('{"format": ')).message).toMatch(
      /^The file is not a run bundle: it is not valid JSON/,
    );
    expect(errorOf(() => parseBundle('[1,2]')).message).toMatch(/expected a JSON object/);
    const wrong = errorOf(() => parseBundle('{"format":"something-else","version":1}'));
    expect(wrong.message).toContain(
      'bundle.format must be "backprop-workbench-bundle", got "something-else"',
    );
    expect(wrong.issues[0].path).toBe('bundle.format');
  });

  it('refuse a bundle from a newer version and say to update', () => {
    const newer = { ...sampleBundle(), version: 2 };
    const error = errorOf(() => parseBundle(encodeWire(newer)));
    expect(error.message).toBe(
      'This bundle was written by a newer Backprop Workbench (bundle version 2); this version reads bundle version 1. Update Backprop Workbench to import it.',
    );
    expect(error.issues[0].path).toBe('bundle.version');
  });

  it('refuse a repeated epoch, naming the run and the epoch', () => {
    const bad = JSON.parse(encodeBundle(sampleBundle()));
    bad.runs[0].epochs[2] = { ...bad.runs[0].epochs[1] };
    const error = errorOf(() => parseBundle(JSON.stringify(bad)));
    expect(error.message).toBe(
      'Invalid bundle: bundle.runs[0].epochs[2].epoch: run "sweep a": epoch 1 appears twice.',
    );
    expect(error.issues[0].path).toBe('bundle.runs[0].epochs[2].epoch');
  });

  it('refuse epochs out of order', () => {
    const bad = JSON.parse(encodeBundle(sampleBundle()));
    bad.runs[1].epochs.reverse();
    expect(errorOf(() => parseBundle(JSON.stringify(bad))).message).toBe(
      'Invalid bundle: bundle.runs[1].epochs[1].epoch: run "too hot": epoch 3 comes after epoch 4; epochs must be in increasing order.',
    );
  });

  it('name the malformed field', () => {
    const bad = JSON.parse(encodeBundle(sampleBundle()));
    bad.runs[0].epochs[1].trainCost = 'low';
    expect(errorOf(() => parseBundle(JSON.stringify(bad))).message).toContain(
      'bundle.runs[0].epochs[1].trainCost: must be a number',
    );
    const noLayers = JSON.parse(encodeBundle(sampleBundle()));
    delete noLayers.runs[1].run.config.layers;
    expect(errorOf(() => parseBundle(JSON.stringify(noLayers))).issues[0].path).toBe(
      'bundle.runs[1].run.config.layers',
    );
    const badStatus = JSON.parse(encodeBundle(sampleBundle()));
    badStatus.runs[0].run.status = 'exploded';
    expect(errorOf(() => parseBundle(JSON.stringify(badStatus))).issues[0].path).toBe(
      'bundle.runs[0].run.status',
    );
  });

  it('read epoch records as strictly as a Redis entry: an unknown field or a fraction out of [0, 1] is named', () => {
    const message = (change: (bundle: ReturnType<typeof sampleBundle>) => void) => {
      const bad = JSON.parse(encodeBundle(sampleBundle()));
      change(bad);
      return errorOf(() => parseBundle(JSON.stringify(bad))).message;
    };
    expect(
      message((b) => ((b.runs[0].epochs[1] as unknown as Record<string, unknown>).convLayerz = [])),
    ).toContain('bundle.runs[0].epochs[1].convLayerz: Unknown field');
    expect(
      message(
        (b) => ((b.runs[0].epochs[1].layers[0] as unknown as Record<string, unknown>).extra = 1),
      ),
    ).toContain('bundle.runs[0].epochs[1].layers[0].extra: Unknown field');
    expect(message((b) => (b.runs[0].epochs[1].layers[0].saturatedFraction = 7))).toContain(
      'bundle.runs[0].epochs[1].layers[0].saturatedFraction: must be between 0 and 1',
    );
    expect(message((b) => (b.runs[0].epochs[2].testAccuracy = -0.5))).toContain(
      'bundle.runs[0].epochs[2].testAccuracy: must be between 0 and 1',
    );
  });

  it('refuse a bundle without runs or without a version', () => {
    const empty = { ...sampleBundle(), runs: [] };
    expect(errorOf(() => parseBundle(encodeWire(empty))).message).toContain(
      'bundle.runs: a bundle holds at least one run',
    );
    const { version: _v, ...unversioned } = sampleBundle();
    expect(errorOf(() => parseBundle(encodeWire(unversioned))).issues[0].path).toBe(
      'bundle.version',
    );
  });
});
