import { describe, expect, it } from 'vitest';
import { fixVerdict } from './verdict';
import { runSummary } from './records.testing';

const run = runSummary;

describe('fixVerdict', () => {
  it('says "fix wins on 3 of 3 seeds: accuracy 10% → 91%" when it does', () => {
    const before = [
      run(1, 'completed', 0.098),
      run(2, 'completed', 0.1),
      run(3, 'completed', 0.102),
    ];
    const after = [
      run(1, 'completed', 0.91),
      run(2, 'completed', 0.905),
      run(3, 'completed', 0.915),
    ];
    const v = fixVerdict(before, after);
    expect(v).toMatchObject({ wins: 3, total: 3, pending: 0, failed: 0, metric: 'accuracy' });
    expect(v.before).toBeCloseTo(0.1, 12);
    expect(v.after).toBeCloseTo(0.91, 12);
    expect(v.sentence).toBe('fix wins on 3 of 3 seeds: accuracy 10% → 91%');
  });

  it('pairs by seed and counts losses', () => {
    const before = [run(7, 'completed', 0.9), run(8, 'completed', 0.5)];
    const after = [run(8, 'completed', 0.6), run(7, 'completed', 0.8)];
    expect(fixVerdict(before, after)).toMatchObject({ wins: 1, total: 2 });
  });

  it('reports progress while runs are pending, and a diverged run as the worst score', () => {
    const before = [run(1, 'completed', 0.1), run(2, 'diverged', null), run(3, 'queued', null)];
    const after = [run(1, 'completed', 0.9), run(2, 'completed', 0.88), run(3, 'running', null)];
    const v = fixVerdict(before, after);
    expect(v).toMatchObject({ wins: 2, total: 2, pending: 1 });
    expect(v.before).toBeCloseTo(0.05, 12);
    expect(v.sentence).toBe('fix wins on 2 of 2 seeds so far (1 pending): accuracy 5% → 89%');
  });

  it('waits when nothing has finished, and falls back to training cost without accuracies', () => {
    expect(fixVerdict([run(1, 'queued', null)], [run(1, 'queued', null)]).sentence).toBe(
      'waiting for the runs of 1 seed to finish',
    );
    const v = fixVerdict([run(1, 'completed', null, 0.45)], [run(1, 'completed', null, 0.09)]);
    expect(v.sentence).toBe('fix wins on 1 of 1 seed: training cost 0.45 → 0.09');
  });

  it('counts a failed or cancelled run apart', () => {
    const v = fixVerdict(
      [run(1, 'failed', null), run(2, 'completed', 0.1)],
      [run(1, 'completed', 0.9), run(2, 'completed', 0.9)],
    );
    expect(v).toMatchObject({ wins: 1, total: 1, failed: 1 });
    expect(v.sentence).toContain('(1 failed)');
  });
});
