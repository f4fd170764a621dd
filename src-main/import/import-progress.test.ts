import { describe, expect, it } from 'vitest';
import { PointBudget } from './import-progress';

describe('PointBudget', () => {
  it('refuses the value that passes the limit, naming the file it came from', () => {
    const budget = new PointBudget(3, (file, limit) => new Error(`${file}: past ${limit}`));
    budget.spend('a');
    budget.spend('a', 2);
    expect(() => budget.spend('b')).toThrow('b: past 3');
  });
});
