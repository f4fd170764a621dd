import { describe, expect, it } from 'vitest';
import type { Finding } from '../../base/findings';
import { contradiction, resolveContradictions } from './precedence';
import { config } from './records.testing';

const c = config({ learningRate: 3 });
const order = [
  'saturated-layer',
  'dead-relu',
  'divergence',
  'large-learning-rate',
  'small-learning-rate',
];

function finding(
  rule: string,
  severity: Finding['severity'],
  changes: Finding['changes'],
): Finding {
  return {
    rule,
    severity,
    epoch: 1,
    title: `${rule} title`,
    message: 'm',
    evidence: {},
    suggestion: `${rule} suggestion`,
    changes,
  };
}
const down = [{ field: 'learningRate', direction: 'down' as const }];
const up = [{ field: 'learningRate', direction: 'up' as const }];

describe('contradiction', () => {
  it('calls up against down on one field opposite, and two downs agreement', () => {
    expect(contradiction(up[0], down[0], c)).toBe('opposite');
    expect(contradiction(down[0], down[0], c)).toBeNull();
    expect(contradiction(up[0], { field: 'l2', direction: 'up' }, c)).toBeNull();
  });

  it('compares set values through nested paths: init vs init.weights', () => {
    const scaled = { kind: 'scaled-normal' };
    const whole = (weights: unknown) => ({
      field: 'init',
      direction: 'set' as const,
      value: { weights, biases: { kind: 'zeros' } },
    });
    const part = { field: 'init.weights', direction: 'set' as const, value: scaled };
    expect(contradiction(whole(scaled), part, c)).toBeNull();
    expect(contradiction(whole({ kind: 'he-normal' }), part, c)).toBe('other-value');
  });
});

describe('resolveContradictions', () => {
  it('drops the finding that raises η when a cause lowers it, whatever their order or severity', () => {
    const small = finding('small-learning-rate', 'error', up);
    const large = finding('large-learning-rate', 'warning', down);
    expect(resolveContradictions([small, large], c, order)).toEqual([large]);
    expect(resolveContradictions([large, small], c, order)).toEqual([large]);
  });

  it('between symptoms, keeps the more severe', () => {
    const small = finding('small-learning-rate', 'warning', up);
    const dead = finding('dead-relu', 'info', down);
    expect(resolveContradictions([dead, small], c, order)).toEqual([small]);
  });

  it('keeps a finding that sets a field differently, without its fix, pointing to the winner', () => {
    const he = {
      field: 'init',
      direction: 'set' as const,
      value: { weights: { kind: 'he-normal' } },
    };
    const scaled = {
      field: 'init.weights',
      direction: 'set' as const,
      value: { kind: 'scaled-normal' },
    };
    const first = {
      ...finding('saturated-layer', 'error', [scaled]),
      fix: { field: 'init.weights', value: { kind: 'scaled-normal' }, label: 'N(0, 1/√n_in)' },
    };
    const second = {
      ...finding('dead-relu', 'warning', [he]),
      fix: { field: 'init', value: he.value, label: 'He' },
    };
    const [kept, deferred] = resolveContradictions([first, second], c, order);
    expect(kept).toBe(first);
    expect(deferred).toMatchObject({ rule: 'dead-relu', severity: 'warning', message: 'm' });
    expect(deferred.fix).toBeUndefined();
    expect(deferred.changes).toBeUndefined();
    expect(deferred.suggestion).toContain('"saturated-layer title"');
    expect(deferred.suggestion).toContain('N(0, 1/√n_in)');
  });

  it('leaves findings that agree, or change nothing, as they were', () => {
    const a = finding('divergence', 'error', down);
    const b = finding('dead-relu', 'info', down);
    const none = finding('saturated-layer', 'warning', undefined);
    expect(resolveContradictions([a, b, none], c, order)).toEqual([a, b, none]);
  });
});
