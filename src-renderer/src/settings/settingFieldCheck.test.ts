import { describe, expect, it } from 'vitest';
import { settingProblem } from './settingFieldCheck';

describe('settingProblem', () => {
  it('names the field by its label and the allowed range, from the schema settings.update uses', () => {
    expect(settingProblem('concurrency', 0)).toBe(
      'Runs at the same time must be a whole number from 1 to 64',
    );
    expect(settingProblem('concurrency', 2.5)).toBe(
      'Runs at the same time must be a whole number from 1 to 64',
    );
    expect(settingProblem('hangTimeoutSeconds', 1)).toBe(
      'Hung trainer timeout must be a whole number from 5 to 86,400',
    );
  });

  it('accepts an allowed value', () => {
    expect(settingProblem('concurrency', 4)).toBeNull();
    expect(settingProblem('redisUrl', null)).toBeNull();
  });

  it('passes on the schema’s own reason where there is no range', () => {
    expect(settingProblem('redisUrl', 'http://x')).toMatch(
      /^Queue on Redis: .*not redis: or rediss:/,
    );
  });
});
