import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../../../../src-shared/report/report.testing';
import { loggedRun } from '../../../../src-shared/experiment/run-view.testing';
import { baseColumns } from './runColumns';

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
