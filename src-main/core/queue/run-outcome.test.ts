import { describe, expect, it } from 'vitest';
import { describeExit, diagnoseSafely } from './run-outcome';
import { xorConfig } from '../store/fixtures';

describe('describeExit', () => {
  it('names the signal of a killed trainer', () => {
    expect(describeExit(null, 'SIGKILL')).toBe(
      'The trainer was killed by SIGKILL before the run finished',
    );
  });

  it('names the exit code and the last line the trainer wrote', () => {
    expect(describeExit(3, null, 'loading\nError: disk on fire\n')).toBe(
      'The trainer exited with code 3 before the run finished: Error: disk on fire',
    );
  });

  it("recognises V8's out-of-memory report", () => {
    const output =
      '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n';
    expect(describeExit(134, null, output)).toBe('The trainer ran out of memory (exit code 134)');
    expect(describeExit(null, 'SIGABRT', output)).toBe(
      'The trainer ran out of memory (signal SIGABRT)',
    );
  });
});

describe('diagnoseSafely', () => {
  const input = { config: xorConfig(), epochs: [] };

  it("returns the doctor's findings", () => {
    const finding = {
      rule: 'r',
      severity: 'info' as const,
      epoch: 0,
      title: 't',
      message: 'm',
      evidence: {},
      suggestion: 's',
    };
    expect(diagnoseSafely(() => [finding], input)).toEqual([finding]);
  });

  it('returns undefined (keep the stored findings) when a rule throws', () => {
    expect(
      diagnoseSafely(() => {
        throw new Error('broken rule');
      }, input),
    ).toBeUndefined();
  });
});
