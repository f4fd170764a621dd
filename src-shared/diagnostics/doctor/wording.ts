/**
 * Numbers as a learner reads them in a finding: a few significant digits, percentages that never
 * round 0.4% down to "0%" or 99.6% up to "100%", and plain words for NaN and infinity.
 */

/** 0.523 → "52%", 0.004 → "under 1%", 0.996 → "99.6%", 1 → "100%". */
export function percent(fraction: number): string {
  if (!Number.isFinite(fraction)) return words(fraction);
  const p = fraction * 100;
  if (p === 0) return '0%';
  if (p > 0 && p < 1) return 'under 1%';
  if (p > 99 && p < 100) return `${Math.min(99.9, Number(p.toFixed(1)))}%`;
  return `${Math.round(p)}%`;
}

function words(x: number): string {
  if (Number.isNaN(x)) return 'NaN (not a number)';
  return x > 0 ? 'infinite' : 'minus infinite';
}

/** Two significant digits, plain for 0.001 ≤ |x| < 100,000, else scientific: 51.8 → "52",
 * 2.72 → "2.7", 0.131 → "0.13", 3.1e-20 → "3.1e-20". */
export function num(x: number): string {
  if (!Number.isFinite(x)) return words(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 0.001 && abs < 100_000) {
    return abs >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(2)));
  }
  return x.toExponential(1).replace('e+', 'e');
}

/** num() with an explicit sign: "+52", "-3.1". */
export function signed(x: number): string {
  return x > 0 ? `+${num(x)}` : num(x);
}

/** "1 unit", "15 units". */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** The text with its first letter in upper case, for a name that starts a title: "Dense layer 2". */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
