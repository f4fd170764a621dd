/**
 * How numbers and config values read in a report: the same text in HTML, Markdown and PDF.
 * Accuracies are fractions in [0, 1] and read as percentages; NaN and ±Infinity are spelled out so a
 * diverged run is visible rather than blank.
 */

/** "NaN", "Infinity", "-Infinity" for values JSON cannot carry; null for missing. */
function nonFinite(value: number | null | undefined): string | null {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  return null;
}

/** A fraction as a percentage with two decimals: 0.9132 → "91.32%". */
export function formatPercent(value: number | null | undefined): string {
  return nonFinite(value) ?? `${((value as number) * 100).toFixed(2)}%`;
}

/** A cost or statistic with four significant digits, switching to exponent form when tiny or huge. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  const special = nonFinite(value);
  if (special !== null) return special;
  const v = value as number;
  if (v === 0) return '0';
  const magnitude = Math.abs(v);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    // 1.00e-5 → 1e-5, 6.260e-11 → 6.26e-11: trailing zeros of the mantissa say nothing.
    return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  }
  return String(Number(v.toPrecision(digits)));
}

/** A config value as one short line: strings bare, arrays and objects as compact JSON, cut at `max`. */
export function formatConfigValue(value: unknown, max = 80): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value, numberReplacer);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function numberReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** "12.3 s", "4 min 05 s", "1 h 02 min": elapsed training time. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** An ISO time as "2025-03-04 12:30 UTC" (a report is read on other machines: no local zones). */
export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
