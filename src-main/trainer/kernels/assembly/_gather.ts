// @ts-nocheck -- AssemblyScript (v128, load<T>), type-checked by asc in `npm run build`.
/**
 * Before training on a block of positions [first, end) of the epoch's order, their encodings and
 * target rows are copied from the training split into the epoch split (SPLIT_EPOCH) in that
 * order, and training then reads the block front to back while it is still in cache.
 * Reading a shuffled example in place costs several dependent cache misses (its offset, then each
 * line of its bytes, then its targets), one after another; on 784-15-10 with batch 1 they were
 * about 38% of the epoch. The copy avoids waiting on them one at a time: a first pass looks up
 * every position's source (small independent loads, many in flight), and the copy touches the
 * lines of the next GROUP examples before copying the current ones, so their misses overlap.
 */
import {
  G_ORDER,
  SP_DATA,
  SP_OFFSETS,
  SP_SOURCES,
  SP_TARGETS,
  SPLIT_EPOCH,
  TH_SCRATCH,
} from './_layout';
import { pointer, splitPointer, threadPointer } from './_ctx';
import { barrier } from './_sync';

/** Examples whose lines are requested together, ahead of their copy. */
const GROUP = 8;

/** Copies positions [first, end) to positions [0, end − first) of the epoch split (thread tid of
 * P takes a contiguous share), with `nOut` f64 targets per example. */
export function gatherPhase(ctx: usize, tid: i32, P: i32, first: i32, end: i32, nOut: i32): void {
  // Another thread may still be re-reading the previous block (phase 3 of its last chunk).
  barrier(ctx, P);
  const order = pointer(ctx, G_ORDER) + ((<usize>first) << 2);
  const count = end - first;
  const offsets = splitPointer(ctx, 0, SP_OFFSETS);
  const into = splitPointer(ctx, SPLIT_EPOCH, SP_OFFSETS);
  const sources = splitPointer(ctx, SPLIT_EPOCH, SP_SOURCES);
  if (tid == 0) {
    let at: u32 = 0;
    store<u32>(into, 0);
    for (let i = 0; i < count; i++) {
      const e = (<usize>load<i32>(order + ((<usize>i) << 2))) << 2;
      const from = load<u32>(offsets + e);
      at += load<u32>(offsets + e, 4) - from;
      store<u32>(sources + ((<usize>i) << 2), from);
      store<u32>(into + ((<usize>(i + 1)) << 2), at);
    }
  }
  barrier(ctx, P);
  const lo = (count * tid) / P;
  const hi = (count * (tid + 1)) / P;
  const data = splitPointer(ctx, 0, SP_DATA);
  const copy = splitPointer(ctx, SPLIT_EPOCH, SP_DATA);
  const targets = splitPointer(ctx, 0, SP_TARGETS);
  const copyTargets = splitPointer(ctx, SPLIT_EPOCH, SP_TARGETS);
  const rowBytes = (<usize>nOut) << 3;
  // Bytes of the epoch split this thread writes end here: whole 16-byte blocks may run past an
  // example into the ones after it (copied later by this thread), never past this share.
  const shareEnd = copy + <usize>load<u32>(into + ((<usize>hi) << 2));
  let sink: u32 = 0;
  for (let g = lo; g < hi; g += GROUP) {
    const g1 = min(g + GROUP, hi);
    for (let i = g1; i < min(g1 + GROUP, hi); i++) {
      const at = (<usize>i) << 2;
      const e = <usize>load<i32>(order + at);
      const n = <usize>(load<u32>(into + at, 4) - load<u32>(into + at));
      sink |= touch(data + <usize>load<u32>(sources + at), n);
      sink |= touch(targets + e * rowBytes, rowBytes);
    }
    for (let i = g; i < g1; i++) {
      const at = (<usize>i) << 2;
      const e = <usize>load<i32>(order + at);
      const n = <usize>(load<u32>(into + at, 4) - load<u32>(into + at));
      const to = copy + <usize>load<u32>(into + at);
      const from = data + <usize>load<u32>(sources + at);
      if (to + ((n + 15) & ~15) <= shareEnd) copyBlocks(to, from, n);
      else copyBytes(to, from, n);
      // A target row runs at most 8 bytes past its end, into the next row of this share.
      const toTargets = copyTargets + <usize>i * rowBytes;
      const fromTargets = targets + e * rowBytes;
      if (i + 1 < hi) copyBlocks(toTargets, fromTargets, rowBytes);
      else copyBytes(toTargets, fromTargets, rowBytes);
    }
  }
  // Kept so that the touching loads are not optimized away.
  store<u32>(threadPointer(ctx, tid, TH_SCRATCH), sink);
  barrier(ctx, P);
}

/** One byte of every 64-byte line of [p, p + n), or-ed: asks for the lines without waiting. */
function touch(p: usize, n: usize): u32 {
  let bits: u32 = 0;
  for (let q = p & ~63; q < p + n; q += 64) bits |= load<u8>(q);
  return bits;
}

/** n bytes rounded up to whole 16-byte blocks (reads past the source stay inside the memory:
 * the split's offsets follow its data, other buffers its targets). */
function copyBlocks(to: usize, from: usize, n: usize): void {
  for (let k: usize = 0; k < n; k += 16) v128.store(to + k, v128.load(from + k));
}

/** n bytes from `from` to `to`: 16 at a time, the last n mod 16 one by one (never past to + n). */
function copyBytes(to: usize, from: usize, n: usize): void {
  let k: usize = 0;
  for (; k + 16 <= n; k += 16) v128.store(to + k, v128.load(from + k));
  for (; k < n; k++) store<u8>(to + k, load<u8>(from + k));
}
