/**
 * TensorBoard's scalar smoothing: an exponential moving average started at 0 and debiased.
 * With weight s and the t-th finite value v_t:
 *   last_t = s · last_{t−1} + (1 − s) · v_t,   smoothed_t = last_t / (1 − s^t)
 * Dividing by 1 − s^t removes the pull towards the start value 0 (a constant series c has
 * last_t = c · (1 − s^t)). As TensorBoard does, a non-finite value (NaN, ±Infinity) is passed
 * through unsmoothed and not counted in t, and a constant series is returned as it is (the
 * division would only add rounding noise). null (nothing measured) stays null and is skipped.
 */
import type { PlotSeries } from './plotSeries';

/** Smoothing weights the slider offers: 0 (raw) to 0.99. */
export const MAX_SMOOTHING = 0.99;

/** Clamps a smoothing weight from user input (URL, slider) into [0, MAX_SMOOTHING]. */
export function clampSmoothing(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(MAX_SMOOTHING, weight);
}

function isConstant(y: ArrayLike<number | null>): boolean {
  let first: number | null = null;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === null || !Number.isFinite(v)) continue;
    if (first === null) first = v;
    else if (v !== first) return false;
  }
  return true;
}

/** The smoothed series (same length as y); weight 0 returns a copy of y. */
export function smoothEma(y: ArrayLike<number | null>, weight: number): (number | null)[] {
  const s = clampSmoothing(weight);
  if (s === 0 || isConstant(y)) return Array.from(y);
  let last = 0;
  let count = 0;
  return Array.from(y, (v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * s + (1 - s) * v;
    count++;
    return last / (1 - s ** count);
  });
}

/** The series with its line (and band edges) smoothed; the same object at weight 0. */
export function smoothedSeries(s: PlotSeries, weight: number): PlotSeries {
  if (clampSmoothing(weight) === 0) return s;
  const band = s.band && {
    lower: smoothEma(s.band.lower, weight) as number[],
    upper: smoothEma(s.band.upper, weight) as number[],
  };
  return { ...s, y: smoothEma(s.y, weight), ...(band ? { band } : {}) };
}
