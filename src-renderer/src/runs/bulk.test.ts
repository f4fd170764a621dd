import { describe, expect, it } from 'vitest';
import { inChunks, mapLimited, parseTags, starPatch, tagPatch, tagsIn, tagsProblem } from './bulk';

describe('bulk tag and star edits', () => {
  it('read typed tags split on spaces and commas, each once', () => {
    expect(parseTags(' a, b  c,,a ')).toEqual(['a', 'b', 'c']);
  });

  it('refuse a tag longer than the core keeps, and an empty box', () => {
    expect(tagsProblem(['ok', 'x'.repeat(51)])).toMatch(/longer than 50 characters/);
    expect(tagsProblem([])).toBe('Type a tag first.');
    expect(tagsProblem(['x'.repeat(50)])).toBeNull();
  });

  it('change only the runs whose tags or star would change', () => {
    expect(tagPatch({ tags: ['a'] }, ['b', 'a'], [])).toEqual({ tags: ['a', 'b'] });
    expect(tagPatch({ tags: ['a', 'b'] }, ['a'], [])).toBeNull();
    expect(tagPatch({ tags: ['a', 'b'] }, [], ['a'])).toEqual({ tags: ['b'] });
    expect(tagPatch({ tags: ['b'] }, [], ['a'])).toBeNull();
    expect(starPatch({ starred: true }, true)).toBeNull();
    expect(starPatch({ starred: false }, true)).toEqual({ starred: true });
  });

  it('offer the tags the selection carries, most used first', () => {
    expect(tagsIn([{ tags: ['x', 'y'] }, { tags: ['y'] }, { tags: [] }])).toEqual(['y', 'x']);
  });
});

describe('mapLimited', () => {
  it('keeps at most `limit` calls in flight and returns results in item order', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const results = await mapLimited(
      [5, 1, 4, 2, 3],
      2,
      async (n) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, n));
        inFlight--;
        return n * 10;
      },
      (done) => seen.push(done),
    );
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts no more calls after one fails, and rethrows its error', async () => {
    const started: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      if (n === 2) throw new Error('run 2 is gone');
      return n;
    };
    await expect(mapLimited([1, 2, 3, 4], 1, work)).rejects.toThrow('run 2 is gone');
    expect(started).toEqual([1, 2]);
  });
});

describe('inChunks', () => {
  it('sends ids in slices the contract accepts, in order', async () => {
    const ids = Array.from({ length: 25_001 }, (_, i) => i + 1);
    const slices: number[][] = [];
    await inChunks(ids, async (slice) => void slices.push(slice));
    expect(slices.map((s) => s.length)).toEqual([10_000, 10_000, 5_001]);
    expect(slices.flat()).toEqual(ids);
  });
});
