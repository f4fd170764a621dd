import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from './downsample';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('downsampleMinMax', () => {
  it('returns a short series unchanged', () => {
    const out = downsampleMinMax([0, 1, 2], [3, 1, 2], 100);
    expect(out).toEqual({ x: [0, 1, 2], y: [3, 1, 2], nanX: [] });
  });

  it('keeps at most four points per bucket for a long smooth series', () => {
    const x = range(100_000);
    const out = downsampleMinMax(
      x,
      x.map((i) => Math.sin(i / 1000)),
      500,
    );
    expect(out.x.length).toBeLessThanOrEqual(4 * 500);
    expect(out.x.length).toBeGreaterThan(500);
  });

  it('keeps a single-point spike that averaging would hide', () => {
    const x = range(100_000);
    const y = x.map(() => 0.1);
    y[54_321] = 9;
    const out = downsampleMinMax(x, y, 300);
    expect(Math.max(...out.y.map((v) => v ?? -Infinity))).toBe(9);
    expect(out.x[out.y.indexOf(9)]).toBe(54_321);
  });

  it('keeps the first and the last point', () => {
    const x = range(10_000);
    const out = downsampleMinMax(
      x,
      x.map((i) => i * 2),
      50,
    );
    expect([out.x[0], out.y[0]]).toEqual([0, 0]);
    expect([out.x.at(-1), out.y.at(-1)]).toEqual([9_999, 19_998]);
  });

  it('returns x in ascending order', () => {
    const x = range(20_000);
    const out = downsampleMinMax(
      x,
      x.map((i) => Math.cos(i)),
      64,
    );
    expect(out.x.every((v, i) => i === 0 || v > out.x[i - 1])).toBe(true);
  });

  it('turns NaN and Infinity into gaps and reports where they are', () => {
    const x = range(10_000);
    const y: number[] = x.map(() => 1);
    y[7_000] = NaN;
    y[9_500] = Infinity;
    const out = downsampleMinMax(x, y, 100);
    expect(out.nanX).toEqual([7_000, 9_500]);
    expect(out.y[out.x.indexOf(7_000)]).toBeNull();
    expect(out.y.filter((v) => v !== null && !Number.isFinite(v))).toEqual([]);
  });

  it('marks NaN in a short series too', () => {
    expect(downsampleMinMax([0, 1, 2], [1, NaN, 2], 100)).toEqual({
      x: [0, 1, 2],
      y: [1, null, 2],
      nanX: [1],
    });
  });

  it('skips missing (null) measurements without marking them', () => {
    const out = downsampleMinMax([0, 1, 2], [null, 0.5, 0.6], 100);
    expect(out).toEqual({ x: [1, 2], y: [0.5, 0.6], nanX: [] });
  });

  it('reports one NaN per bucket for a run that stays NaN', () => {
    const x = range(10_000);
    const y = x.map((i) => (i < 5_000 ? 1 : NaN));
    const out = downsampleMinMax(x, y, 10);
    expect(out.nanX).toEqual([5_000, 6_000, 7_000, 8_000, 9_000]);
  });
});
