/**
 * Bulk edits of the Runs table's selection: which runs a tag change or a star changes (a run
 * already so is left alone, so nothing is written for it), and running many edits a few at a
 * time so the core is not sent thousands of calls at once.
 */
import type { RunPatch, RunSummary } from '../../../src-shared/contract/types';

/** The tags typed in the tag box: split on commas and spaces, trimmed, each once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Why these tags cannot be saved (the core's limits for a run's tags), or null. */
export function tagsProblem(tags: readonly string[]): string | null {
  const long = tags.find((t) => t.length > 50);
  if (long) return `The tag "${long.slice(0, 20)}…" is longer than 50 characters.`;
  return tags.length ? null : 'Type a tag first.';
}

/** The patch that adds `add` and removes `remove` from a run's own tags, or null if none changes. */
export function tagPatch(
  run: Pick<RunSummary, 'tags'>,
  add: readonly string[],
  remove: readonly string[],
): RunPatch | null {
  const tags = [...run.tags.filter((t) => !remove.includes(t))];
  for (const t of add) if (!tags.includes(t)) tags.push(t);
  const same = tags.length === run.tags.length && tags.every((t, i) => t === run.tags[i]);
  return same ? null : { tags };
}

export function starPatch(run: Pick<RunSummary, 'starred'>, starred: boolean): RunPatch | null {
  return run.starred === starred ? null : { starred };
}

/** The user's tags among `runs`, most used first: what a "remove tag" offers. */
export function tagsIn(runs: readonly Pick<RunSummary, 'tags'>[]): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) for (const t of run.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/**
 * Calls `work` on every item, at most `limit` at a time; results in item order. Calls
 * `progress(done)` after each. Stops starting new calls after the first failure and rethrows it.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  progress: (done: number) => void = () => {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]);
      } catch (e) {
        failed = true;
        throw e;
      }
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** The most ids one runs.remove/restore/purge call takes (the contract's schema). */
export const IDS_PER_CALL = 10_000;

/** Calls `work` on consecutive slices of `ids`, one after another, each at most IDS_PER_CALL. */
export async function inChunks(
  ids: readonly number[],
  work: (slice: number[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) await work(ids.slice(i, i + IDS_PER_CALL));
}
