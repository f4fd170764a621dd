import { describe, expect, it } from 'vitest';
import { describeExit, diagnoseSafely } from './run-outcome';
import { xorConfig } from '../store/store.testing';

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

  it("names the error of Node's crash report, not its stack or version trailer", () => {
    const output = [
      'node:internal/modules/cjs/loader:1228',
      '  throw err;',
      '  ^',
      '',
      "Error: Cannot find module '/app/out/main/trainer.js'",
      '    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15) {',
      "  code: 'MODULE_NOT_FOUND',",
      '}',
      '',
      'Node.js v20.20.2',
      '',
    ].join('\n');
    expect(describeExit(1, null, output)).toBe(
      "The trainer exited with code 1 before the run finished: Error: Cannot find module '/app/out/main/trainer.js'",
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
