/**
 * The context block's word numbers: no two fields share a word, every field lies in the block,
 * cache-line and f64 alignment hold, and the kernels' copy (kernels/assembly/_layout.ts) is the one
 * rendered from the field list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EPOCH, LAYER, REGIONS, SYNC, type RegionSpec } from './context-fields';
import { viewsOf, writeField } from './context';
import {
  checkSlots,
  CTX_BYTES,
  LAYOUT,
  layoutOf,
  layoutSource,
  regionLayout,
  slotsOf,
} from './context-layout';
import { packageRoot } from './kernel-module';

const fieldCount = REGIONS.reduce((n, r) => n + r.count * Object.keys(r.fields).length, 0);

describe('the context block layout', () => {
  it('gives every field of every record its own words inside the block', () => {
    const slots = slotsOf(LAYOUT);
    expect(slots).toHaveLength(fieldCount);
    expect(() => checkSlots(slots, CTX_BYTES)).not.toThrow();
    const words = new Set(
      slots.flatMap((s) => Array.from({ length: s.words }, (_, i) => s.word + i)),
    );
    expect(words.size).toBe(slots.reduce((n, s) => n + s.words, 0));
    expect(Math.max(...words)).toBeLessThan(CTX_BYTES / 4);
  });

  it('finds a field placed on another, and one past the end of the block', () => {
    const slots = [
      { name: 'A', word: 0, words: 2 },
      { name: 'B', word: 1, words: 1 },
    ];
    expect(() => checkSlots(slots, 64)).toThrow('context fields A and B overlap at word 1');
    expect(() => checkSlots([{ name: 'C', word: 15, words: 2 }], 64)).toThrow(
      'context field C (word 15) lies outside the 64-byte block',
    );
  });

  it('puts f64 fields on 8-byte boundaries and marked sync words on their own cache lines', () => {
    for (const slot of slotsOf(LAYOUT).filter((s) => s.words === 2)) expect(slot.word % 2).toBe(0);
    const sync = regionLayout(SYNC);
    const lineStarts = Object.entries(SYNC.fields)
      .filter(([, f]) => f.line)
      .map(([name]) => sync.base + sync.offsets[name]);
    expect(lineStarts.every((w) => w % 16 === 0)).toBe(true);
    expect(new Set(lineStarts.map((w) => Math.floor(w / 16))).size).toBe(lineStarts.length);
  });

  it('moves later fields rather than overlapping them when a field is added', () => {
    const grown: RegionSpec[] = REGIONS.map((r) =>
      r === LAYER ? { ...r, fields: { ...r.fields, L_EXTRA: { kind: 'f64', doc: 'test' } } } : r,
    );
    const layout = layoutOf(grown);
    expect(() => checkSlots(slotsOf(layout), layout.bytes)).not.toThrow();
    expect(slotsOf(layout)).toHaveLength(fieldCount + LAYER.count);
  });

  it('stores each field as its kind at its word, and refuses a record past its region', () => {
    const views = viewsOf({ buffer: new SharedArrayBuffer(2 * CTX_BYTES) });
    writeField(views, CTX_BYTES, EPOCH, 0, 'G_RATE', 0.1);
    writeField(views, CTX_BYTES, EPOCH, 0, 'G_DECAY', 0.1);
    const { base, offsets } = regionLayout(EPOCH);
    const word = CTX_BYTES / 4 + base;
    expect(views.f64[(word + offsets.G_RATE) / 2]).toBe(0.1);
    expect(views.f32[word + offsets.G_DECAY]).toBe(Math.fround(0.1));
    expect(() => writeField(views, 0, LAYER, LAYER.count, 'L_IN', 1)).toThrow(
      `context LAYER record ${LAYER.count}: expected 0 to ${LAYER.count - 1}`,
    );
  });

  it('is what the kernels read: kernels/assembly/_layout.ts is rendered from the field list', () => {
    const file = join(packageRoot(), 'src-main/trainer/kernels/assembly/_layout.ts');
    // Out of date: run `npm run build` (scripts/build-kernels.js writes the file).
    expect(readFileSync(file, 'utf8')).toBe(layoutSource());
  });
});
