/**
 * Axis scales for the report's SVG charts: "nice" tick values (1, 2 or 5 × 10^k steps, as in
 * Heckbert's "Nice numbers for graph labels") for linear axes and powers of ten for log axes.
 */

export interface Scale {
  /** Maps a data value to a pixel coordinate. */
  map(value: number): number;
  ticks: number[];
  /** The domain actually drawn, after rounding out to ticks. */
  min: number;
  max: number;
}

/** The nice step for about `count` intervals over `range`: 1, 2 or 5 times a power of ten. */
export function niceStep(range: number, count: number): number {
  const raw = range / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** A linear scale over [min, max] rounded out to nice ticks, mapped onto [from, to] pixels. */
export function linearScale(
  min: number,
  max: number,
  from: number,
  to: number,
  count = 5,
  integer = false,
): Scale {
  if (max - min < 1e-12) {
    const pad = Math.abs(min) > 1e-12 ? Math.abs(min) * 0.1 : 1;
    [min, max] = [min - pad, max + pad];
  }
  let step = niceStep(max - min, count);
  if (integer) step = Math.max(1, Math.round(step));
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++)
    ticks.push(Number((lo + i * step).toPrecision(12)));
  return { min: lo, max: hi, ticks, map: (v) => from + ((v - lo) / (hi - lo)) * (to - from) };
}

/** A log10 scale over positive [min, max] rounded out to powers of ten; ticks at 1, 2, 5 × 10^k when
 * the domain spans fewer than three decades, else at every power of ten (thinned to about 8). */
export function logScale(min: number, max: number, from: number, to: number): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  const every = Math.ceil((hi - lo + 1) / 8);
  for (let k = lo; k <= hi; k += every) {
    ticks.push(10 ** k);
    if (hi - lo < 3 && k < hi) ticks.push(2 * 10 ** k, 5 * 10 ** k);
  }
  const map = (v: number): number => from + ((Math.log10(v) - lo) / (hi - lo)) * (to - from);
  return { min: 10 ** lo, max: 10 ** hi, ticks, map };
}
