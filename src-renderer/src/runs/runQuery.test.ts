import { describe, expect, it } from 'vitest';
import { parseRunQuery } from './runQuery';
import { sortRuns } from './runSort';
import { makeRun } from '../api/fakes.testing';
import type { RunFinal } from '../../../src-shared/contract/types';

const final = (testAccuracy: number | null): RunFinal => ({
  epochs: 3,
  trainCost: 0.1,
  validationAccuracy: testAccuracy,
  testAccuracy,
  testCost: 0.1,
  bestValidationAccuracy: testAccuracy,
  bestEpoch: 2,
});

const runs = [
  makeRun(
    1,
    { name: 'Stuck network', tags: ['saturated'], final: final(0.098) },
    { learningRate: 0.5 },
  ),
  makeRun(
    2,
    { name: 'Fixed init', status: 'failed', starred: true, final: final(0.91) },
    { learningRate: 0.5 },
  ),
  makeRun(
    3,
    { name: 'Nielsen ch.1', notes: 'baseline', final: null, doctorTags: ['learning-slowdown'] },
    { learningRate: 3, cost: 'cross-entropy' },
  ),
];
const ids = (text: string) => runs.filter(parseRunQuery(text).predicate).map((r) => r.id);

describe('parseRunQuery', () => {
  it('matches free words against name, tags and notes, case-insensitively', () => {
    expect(ids('stuck')).toEqual([1]);
    expect(ids('SATURATED')).toEqual([1]);
    expect(ids('baseline')).toEqual([3]);
  });

  it('filters by status, tag and star', () => {
    expect(ids('status:failed')).toEqual([2]);
    expect(ids('status:completed,failed')).toEqual([1, 2, 3]);
    expect(ids('tag:saturated')).toEqual([1]);
    expect(ids('is:starred')).toEqual([2]);
  });

  it("finds runs by the tags the doctor gave them, as by the user's own", () => {
    expect(ids('tag:learning-slowdown')).toEqual([3]);
    expect(ids('slowdown')).toEqual([3]);
  });

  it('compares config paths and metrics, reading percentages as fractions', () => {
    expect(ids('learningRate>=1')).toEqual([3]);
    expect(ids('learningRate=0.5')).toEqual([1, 2]);
    expect(ids('cost:cross-entropy')).toEqual([3]);
    expect(ids('testAccuracy>50%')).toEqual([2]);
    expect(ids('layers=784-30-10')).toEqual([1, 2, 3]);
    expect(ids('cost!=quadratic')).toEqual([3]);
  });

  it('filters and sorts by duration in seconds and by a logged key’s last value', () => {
    const timed = [
      makeRun(7, { startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:30Z' }),
      makeRun(8, { startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:30Z' }),
      makeRun(9, {
        logged: {
          key: 'k',
          experiment: null,
          params: {},
          lastStep: 1,
          lastEpoch: null,
          lastValues: { loss: 0.5 },
        },
      }),
    ];
    expect(timed.filter(parseRunQuery('duration>60').predicate).map((r) => r.id)).toEqual([7]);
    expect(timed.filter(parseRunQuery('last.loss<1').predicate).map((r) => r.id)).toEqual([9]);
    const byDuration = sortRuns(timed, { field: 'duration', descending: false });
    expect(byDuration.map((r) => r.id)).toEqual([8, 7, 9]);
  });

  it('ANDs all terms', () => {
    expect(ids('learningRate=0.5 is:starred')).toEqual([2]);
  });

  it('reports a comparison without a number and ignores that term', () => {
    const parsed = parseRunQuery('learningRate>abc stuck');
    expect(parsed.errors).toEqual(['learningRate>abc: expected a number after >']);
    expect(runs.filter(parsed.predicate).map((r) => r.id)).toEqual([1]);
  });

  it('matches everything when empty', () => {
    expect(ids('  ')).toEqual([1, 2, 3]);
  });
});

describe('sortRuns', () => {
  it('sorts by a metric with missing values last in both directions', () => {
    expect(sortRuns(runs, { field: 'testAccuracy', descending: false }).map((r) => r.id)).toEqual([
      1, 2, 3,
    ]);
    expect(sortRuns(runs, { field: 'testAccuracy', descending: true }).map((r) => r.id)).toEqual([
      2, 1, 3,
    ]);
  });

  it('sorts text naturally and breaks ties by id', () => {
    expect(sortRuns(runs, { field: 'name', descending: false }).map((r) => r.id)).toEqual([
      2, 3, 1,
    ]);
    expect(sortRuns(runs, { field: 'learningRate', descending: false }).map((r) => r.id)).toEqual([
      1, 2, 3,
    ]);
  });
});
