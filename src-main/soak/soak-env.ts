/** Knobs and the summary of the soak suite (`npm run test:soak`, see scripts/soak.js). */
import { appendFileSync } from 'node:fs';

/** A whole number from the environment, or `fallback`; a malformed value is an error. */
export function soakNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number >= 0, got "${raw}"`);
  return value;
}

/**
 * One row of the "what was tried, how many times, what survived" table: printed, and appended to
 * BACKPROP_SOAK_SUMMARY (a file scripts/soak.js prints at the end) when set.
 */
export function soakSummary(what: string, row: { tried: string; survived: string }): void {
  const line = `| ${what} | ${row.tried} | ${row.survived} |`;
  console.log(line);
  const file = process.env.BACKPROP_SOAK_SUMMARY;
  if (file) appendFileSync(file, `${line}\n`);
}
