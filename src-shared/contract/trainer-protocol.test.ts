import { describe, expect, it } from 'vitest';
import { isFromTrainer } from './trainer-protocol';

describe('isFromTrainer', () => {
  it('accepts a heartbeat of exactly its kind and a positive integer run id', () => {
    expect(isFromTrainer({ kind: 'alive', runId: 3 })).toBe(true);
  });

  it.each([
    ['no run id', { kind: 'alive' }],
    ['a run id that is not an integer', { kind: 'alive', runId: 1.5 }],
    ['a run id as text', { kind: 'alive', runId: '3' }],
    ['run id 0', { kind: 'alive', runId: 0 }],
    ['an extra field', { kind: 'alive', runId: 3, progress: { cost: Number.NaN } }],
  ])('refuses a heartbeat with %s', (_why, value) => {
    expect(isFromTrainer(value)).toBe(false);
  });

  it('still tells the other kinds from unknown ones', () => {
    expect(isFromTrainer({ kind: 'completed', runId: 3 })).toBe(true);
    expect(isFromTrainer({ kind: 'beat', runId: 3 })).toBe(false);
    expect(isFromTrainer(null)).toBe(false);
  });
});
