/** Axis tick labels that stay readable: percentages with as many decimals as the range needs,
 * and log axes labelled at powers of ten only (when the range spans one). */

/** "12%" or "12.5%" when neighbouring ticks are less than 1 point apart. */
export function percentTick(value: number, ticks: readonly { value: number }[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 1;
  const decimals = step >= 0.01 ? 0 : step >= 0.001 ? 1 : 2;
  return `${(value * 100).toFixed(decimals)}%`;
}

const isPowerOfTen = (v: number) =>
  v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/** A label for powers of ten (1e-7, 0.001, 1, 100); other ticks stay unlabelled unless the
 * axis has no power of ten at all, then every tick gets 2 significant digits. */
export function logTick(value: number, ticks: readonly { value: number }[]): string {
  if (!ticks.some((t) => isPowerOfTen(t.value))) return value.toPrecision(2);
  if (!isPowerOfTen(value)) return '';
  return value >= 1e-3 && value <= 1e4 ? String(value) : value.toExponential(0);
}

/** A linear tick as text without binary rounding noise (0.8500000000000002 → "0.85"). */
export function linearTick(value: number): string {
  return String(Number(value.toPrecision(12)));
}
