import { describe, expect, it } from 'vitest';
import { parseInit, parseSeeds, parseSweepValues, sweepFields } from './sweepFields';

const field = (path: string) => {
  const f = sweepFields.find((s) => s.path === path);
  if (!f) throw new Error(`no sweep field ${path}`);
  return f;
};

describe('parseSweepValues', () => {
  it('reads a list of numbers', () => {
    expect(parseSweepValues(field('learningRate'), '0.1, 0.5,3')).toEqual({
      values: [0.1, 0.5, 3],
    });
  });

  it('rejects a fraction where a whole number is needed, naming the field', () => {
    expect(parseSweepValues(field('batchSize'), '10, 2.5')).toEqual({
      error: 'Batch size: "2.5" is not a whole number',
    });
  });

  it('reads layer lists separated by semicolons', () => {
    expect(parseSweepValues(field('layers'), '784-30-10; 784-100-10')).toEqual({
      values: [
        [784, 30, 10],
        [784, 100, 10],
      ],
    });
  });

  it('reads inits whose brackets contain commas', () => {
    expect(
      parseSweepValues(field('init.weights'), 'U[0,1), U[-0.5,0.5), N(0,1), scaled-normal'),
    ).toEqual({
      values: [
        { kind: 'uniform', low: 0, high: 1 },
        { kind: 'uniform', low: -0.5, high: 0.5 },
        { kind: 'normal', mean: 0, std: 1 },
        { kind: 'scaled-normal' },
      ],
    });
  });

  it('rejects an unknown choice and lists the allowed ones', () => {
    const result = parseSweepValues(field('cost'), 'quadratic, hinge');
    expect(result).toEqual({
      error: 'Cost: "hinge" is not one of quadratic, cross-entropy, log-likelihood',
    });
  });

  it('asks for at least one value', () => {
    expect(parseSweepValues(field('l2'), '  ')).toEqual({ error: 'L2 λ: give at least one value' });
  });
});

describe('parseInit', () => {
  it('reads constants and explains what it cannot read', () => {
    expect(parseInit('const 0.1')).toEqual({ kind: 'constant', value: 0.1 });
    expect(parseInit('gaussian')).toMatch(/^"gaussian" is not an init/);
  });
});

describe('parseSeeds', () => {
  it('reads a list of seeds or a count', () => {
    expect(parseSeeds('1, 2, 7')).toEqual({ seeds: [1, 2, 7] });
    expect(parseSeeds('3 seeds')).toEqual({ seeds: [1, 2, 3] });
  });

  it('rejects negative seeds', () => {
    expect(parseSeeds('1, -2')).toHaveProperty('error');
  });
});
