import { describe, expect, it } from 'vitest';
import { compareQuery, defaultView, readCompareQuery } from './compareUrl';

describe('compare view state in the URL', () => {
  it('round-trips every field', () => {
    const state = {
      metricIds: ['validationAccuracy', 'key:lr'],
      axis: 'time' as const,
      smoothing: 0.6,
      logY: true,
      groupBy: { kind: 'path' as const, path: 'init.weights.kind' },
    };
    const query = compareQuery([3, 1], state);
    expect(query).toEqual({
      ids: '3,1',
      m: ['validationAccuracy', 'key:lr'],
      x: 'time',
      smooth: '0.6',
      log: '1',
      group: 'path:init.weights.kind',
    });
    expect(readCompareQuery(query as Record<string, string | string[]>)).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(compareQuery([1, 2], defaultView)).toEqual({ ids: '1,2' });
  });

  it('reads garbage as the defaults and clamps the smoothing', () => {
    expect(readCompareQuery({ x: 'wall', smooth: '7', group: 'path:', m: '' })).toEqual({
      ...defaultView,
      smoothing: 0.99,
    });
    expect(readCompareQuery({ smooth: 'abc', group: 'seeds' })).toMatchObject({
      smoothing: 0,
      groupBy: { kind: 'seeds' },
    });
  });

  it('reads a metric named twice once, keeping the first order', () => {
    expect(readCompareQuery({ m: ['key:lr', 'validationAccuracy', 'key:lr'] }).metricIds).toEqual([
      'key:lr',
      'validationAccuracy',
    ]);
  });
});
