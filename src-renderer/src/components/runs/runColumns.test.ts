import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../../../../src-shared/report/report.testing';
import { loggedRun } from '../../../../src-shared/experiment/run-view.testing';
import { makeRun } from '../../api/fakes.testing';
import { addableColumns, baseColumns, columnById } from './runColumns';

/** Each base column's text for `run`, by column id. */
const cells = (run: Parameters<(typeof baseColumns)[number]['text']>[0]) =>
  Object.fromEntries(baseColumns.map((c) => [c.id, c.text(run)]));

describe('the Runs table columns', () => {
  it('show a trained run’s network and its epochs done of planned', () => {
    const run = { ...fixtureRun(1, { learningRate: 0.5 }, 30), final: null };
    expect(cells(run)).toMatchObject({
      source: 'trained',
      dataset: 'mnist',
      layers: '784-30-10',
      activations: 'sigmoid',
      cost: 'quadratic',
      lr: '0.5',
      batch: '10',
      epochs: '0/30',
    });
  });

  it('show a logged run’s own params and metric extent, never the placeholder network', () => {
    const run = loggedRun(2, { learningRate: 0.01, layers: [10, 5, 2], dataset: 'cifar' }, [
      { key: 'loss', step: 900, epoch: 2, value: 0.4 },
    ]);
    expect(cells(run)).toMatchObject({
      source: 'logged',
      dataset: 'cifar',
      layers: '10-5-2',
      activations: '',
      cost: '',
      init: '',
      lr: '0.01',
      batch: '',
      epochs: '2 epochs, step 900',
    });
  });
});

describe('the columns a user adds', () => {
  const run = (over: Partial<ReturnType<typeof makeRun>>) => makeRun(1, over);

  it('show duration from start to end, and nothing for a run that never started', () => {
    const duration = columnById('duration')!;
    const ran = run({ startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T01:02:03Z' });
    expect([duration.text(ran), duration.value(ran)]).toEqual(['1h 02m', 3723]);
    expect(duration.text(run({ startedAt: null }))).toBe('');
    const paused = run({ status: 'paused', startedAt: '2025-01-01T00:00:00Z', finishedAt: null });
    expect(duration.value(paused)).toBeNull();
  });

  it('show a logged key’s last value, blank for runs that never logged it', () => {
    const loss = columnById('last:val.loss')!;
    const logged = run({
      logged: {
        key: 'k',
        experiment: null,
        params: {},
        lastStep: 9,
        lastEpoch: null,
        lastValues: { 'val.loss': 0.123456 },
      },
    });
    expect([loss.label, loss.field, loss.text(logged), loss.value(logged)]).toEqual([
      'val.loss (last)',
      'last.val.loss',
      '0.1235',
      0.123456,
    ]);
    expect(loss.text(run({}))).toBe('');
  });

  it('are named by ids a link carries; an id nothing defines names no column', () => {
    expect(columnById('metric:trainCost')?.label).toBe('Train cost');
    expect(columnById('path:init.weights.low')?.field).toBe('init.weights.low');
    expect(columnById('nonsense')).toBeNull();
    expect(columnById('path:')).toBeNull();
  });

  it('are offered by group, without those already shown', () => {
    const logged = run({
      logged: {
        key: 'k',
        experiment: null,
        params: { lr: 0.1 },
        lastStep: 1,
        lastEpoch: null,
        lastValues: { loss: 1 },
      },
    });
    const groups = addableColumns([makeRun(2), logged], ['id', 'name', 'duration', 'path:cost']);
    const ids = Object.fromEntries(groups.map((g) => [g.label, g.options.map((o) => o.id)]));
    expect(ids.Run).not.toContain('duration');
    expect(ids.Run).toContain('source');
    expect(ids['Metrics (trained runs)']).toContain('metric:trainCost');
    expect(ids['Logged metrics, last value']).toEqual(['last:loss']);
    expect(ids.Config).toContain('path:lr');
    expect(ids.Config).toContain('path:init.weights.kind');
    expect(ids.Config).not.toContain('path:cost');
  });
});
