// @ts-nocheck -- AssemblyScript (v128, load<T>), type-checked by asc in `npm run build`.
/**
 * The first weight layer, which sees only the non-zero inputs (exact: a zero input adds 0 to z
 * and 0 to ∂C/∂w). Thread t owns hidden units [start, start + width) of it and keeps their
 * weights input-major in its own block (row k = the `width` weights from input k, width a multiple
 * of 4), so one non-zero pixel costs width/4 four-lane multiply-adds and no two threads ever
 * write the same cache line.
 */
import { G_LUT, SP_DATA, SP_FORMAT, SP_OFFSETS } from './_layout';
import { pointer, splitPointer, splitWord } from './_ctx';
import { activateRange } from './_vmath';

/**
 * Decodes example e of split s into `list`, one 8-byte record per non-zero input in increasing k:
 * (i32 byte offset k · rowBytes of input k's weight row, f32 value x_k); returns their count.
 * Format 0: u16 pairs (low byte: gap to the previous input index, high byte: pixel 0–255 read
 * through the exact table fround(p/255)); a pair with pixel 0 only skips 255 indices.
 * Format 1: (u32 index, f32 value) pairs.
 */
export function decode(ctx: usize, s: i32, e: i32, rowBytes: i32, list: usize): i32 {
  const data = splitPointer(ctx, s, SP_DATA);
  const starts = splitPointer(ctx, s, SP_OFFSETS) + ((<usize>e) << 2);
  const begin = data + <usize>load<u32>(starts);
  const end = data + <usize>load<u32>(starts, 4);
  let r = list;
  if (splitWord(ctx, s, SP_FORMAT) == 0) {
    const lut = pointer(ctx, G_LUT);
    let offset = 0;
    for (let p = begin; p < end; p += 2) {
      offset += <i32>load<u8>(p) * rowBytes;
      const pixel = <usize>load<u8>(p, 1);
      store<i32>(r, offset);
      store<f32>(r, load<f32>(lut + (pixel << 2)), 4);
      r += select<usize>(8, 0, pixel != 0);
    }
  } else {
    for (let p = begin; p < end; p += 8) {
      store<i32>(r, load<i32>(p) * rowBytes);
      store<f32>(r, load<f32>(p, 4), 4);
      r += 8;
    }
  }
  return <i32>((r - list) >> 3);
}

/**
 * z_j = b_j + Σ_i w[k_i][j] x_{k_i} for the `width` units of one slice (w: its input-major block,
 * b, z, a: the slice's first unit) from the n decoded inputs in `list`, then a = σ(z) unless act
 * is softmax (`hidden`: as activateRange). One sweep over the non-zero inputs per 32 units (eight
 * accumulators), then 16, 8 and 4. Each unit sums its inputs in increasing k, whoever computes it.
 */
export function sparseForward(
  act: i32,
  w: usize,
  width: i32,
  n: i32,
  list: usize,
  b: usize,
  z: usize,
  a: usize,
  hidden: bool,
): void {
  forwardGroups(w, 0, width, n, list, b, z);
  activateRange(act, z, a, width, hidden);
}

/**
 * sparseForward of example e of split s straight from its encoding: the first sweep (up to 32
 * units) decodes the inputs as it goes and leaves them in `list` (as decode() does) for the other
 * sweeps, slices and phase 3; returns their count. The integer work of decoding runs beside the
 * sweep's floating-point work instead of in a pass of its own. Byte images only (format 0); the
 * same sums in the same order as decode() then sparseForward().
 */
export function sparseForwardDecoding(
  ctx: usize,
  s: i32,
  e: i32,
  rowBytes: i32,
  act: i32,
  w: usize,
  width: i32,
  list: usize,
  b: usize,
  z: usize,
  a: usize,
  hidden: bool,
): i32 {
  const data = splitPointer(ctx, s, SP_DATA);
  const starts = splitPointer(ctx, s, SP_OFFSETS) + ((<usize>e) << 2);
  const begin = data + <usize>load<u32>(starts);
  const end = data + <usize>load<u32>(starts, 4);
  const lut = pointer(ctx, G_LUT);
  const vectors = min(8, width >> 2);
  const n = Sweep.any(vectors, w, begin, end, rowBytes, lut, list, b, z);
  forwardGroups(w, vectors << 2, width, n, list, b, z);
  activateRange(act, z, a, width, hidden);
  return n;
}

/** Whether split s holds byte images (format 0), which sparseForwardDecoding reads. */
export function bytesFormat(ctx: usize, s: i32): bool {
  return splitWord(ctx, s, SP_FORMAT) == 0;
}

/** z of units [g0, width) of a slice from the n decoded inputs in `list`: sweeps of 32 units, then
 * one sweep for the rest (4 to 28 units: one accumulator per four, so that a narrow rest is not
 * held up by the latency of a lone accumulator). */
function forwardGroups(
  w: usize,
  g0: i32,
  width: i32,
  n: i32,
  list: usize,
  b: usize,
  z: usize,
): void {
  let g = g0;
  for (; g + 32 <= width; g += 32) {
    const at = (<usize>g) << 2;
    Sweep.run(8, w + at, list, list + ((<usize>n) << 3), -1, 0, 0, b + at, z + at);
  }
  const vectors = (width - g) >> 2;
  if (vectors == 0) return;
  const at = (<usize>g) << 2;
  Sweep.any(vectors, w + at, list, list + ((<usize>n) << 3), -1, 0, 0, b + at, z + at);
}

/**
 * One sweep over an example's non-zero inputs for `vectors` × 4 units (1 ≤ vectors ≤ 8, one
 * four-lane accumulator each, starting from the biases b): z += x_k · w[k] for each input in
 * increasing k. Inlined with a constant `vectors`, so every call compiles to a loop that holds
 * just its own accumulators. Two sources: decoded records in [from, to) (rowBytes < 0), or a byte
 * image's (gap, pixel) pairs in [from, to), decoded on the way: the row offset moves on by
 * gap · rowBytes, a pixel-0 pair only skips 255 inputs, and each input's record (offset, x) is
 * written to `list` as decode() writes it. Returns the inputs' count (decoding only).
 */
class Sweep {
  /** Sweep.run for a count of accumulators known only at run time (1–8): one branch to the loop
   * compiled for that count. */
  @inline
  static any(
    vectors: i32,
    base: usize,
    from: usize,
    to: usize,
    rowBytes: i32,
    lut: usize,
    list: usize,
    b: usize,
    z: usize,
  ): i32 {
    if (vectors >= 8) return Sweep.run(8, base, from, to, rowBytes, lut, list, b, z);
    if (vectors == 7) return Sweep.run(7, base, from, to, rowBytes, lut, list, b, z);
    if (vectors == 6) return Sweep.run(6, base, from, to, rowBytes, lut, list, b, z);
    if (vectors == 5) return Sweep.run(5, base, from, to, rowBytes, lut, list, b, z);
    if (vectors == 4) return Sweep.run(4, base, from, to, rowBytes, lut, list, b, z);
    if (vectors == 3) return Sweep.run(3, base, from, to, rowBytes, lut, list, b, z);
    if (vectors == 2) return Sweep.run(2, base, from, to, rowBytes, lut, list, b, z);
    return Sweep.run(1, base, from, to, rowBytes, lut, list, b, z);
  }

  @inline
  static run(
    vectors: i32,
    base: usize,
    from: usize,
    to: usize,
    rowBytes: i32,
    lut: usize,
    list: usize,
    b: usize,
    z: usize,
  ): i32 {
    const decoding = rowBytes >= 0;
    let s0 = v128.load(b);
    let s1 = vectors > 1 ? v128.load(b, 16) : s0;
    let s2 = vectors > 2 ? v128.load(b, 32) : s0;
    let s3 = vectors > 3 ? v128.load(b, 48) : s0;
    let s4 = vectors > 4 ? v128.load(b, 64) : s0;
    let s5 = vectors > 5 ? v128.load(b, 80) : s0;
    let s6 = vectors > 6 ? v128.load(b, 96) : s0;
    let s7 = vectors > 7 ? v128.load(b, 112) : s0;
    let offset = 0;
    let r = list;
    for (let q = from; q < to; q += decoding ? 2 : 8) {
      let value: f32;
      if (decoding) {
        offset += <i32>load<u8>(q) * rowBytes;
        const pixel = <usize>load<u8>(q, 1);
        if (pixel == 0) continue;
        value = load<f32>(lut + (pixel << 2));
        store<i32>(r, offset);
        store<f32>(r, value, 4);
        r += 8;
      } else {
        offset = load<i32>(q);
        value = load<f32>(q, 4);
      }
      const x = f32x4.splat(value);
      const p = base + <usize>offset;
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(p)));
      if (vectors > 1) s1 = f32x4.add(s1, f32x4.mul(x, v128.load(p, 16)));
      if (vectors > 2) s2 = f32x4.add(s2, f32x4.mul(x, v128.load(p, 32)));
      if (vectors > 3) s3 = f32x4.add(s3, f32x4.mul(x, v128.load(p, 48)));
      if (vectors > 4) s4 = f32x4.add(s4, f32x4.mul(x, v128.load(p, 64)));
      if (vectors > 5) s5 = f32x4.add(s5, f32x4.mul(x, v128.load(p, 80)));
      if (vectors > 6) s6 = f32x4.add(s6, f32x4.mul(x, v128.load(p, 96)));
      if (vectors > 7) s7 = f32x4.add(s7, f32x4.mul(x, v128.load(p, 112)));
    }
    v128.store(z, s0);
    if (vectors > 1) v128.store(z, s1, 16);
    if (vectors > 2) v128.store(z, s2, 32);
    if (vectors > 3) v128.store(z, s3, 48);
    if (vectors > 4) v128.store(z, s4, 64);
    if (vectors > 5) v128.store(z, s5, 80);
    if (vectors > 6) v128.store(z, s6, 96);
    if (vectors > 7) v128.store(z, s7, 112);
    return <i32>((r - list) >> 3);
  }
}

/**
 * BP4 on the slice, for one example: w[k_i][j] += x_{k_i} · d_j for every non-zero input, where
 * d (the slice's first unit, `width` floats) is −(η/m)·δ for a direct SGD step, or δ itself when
 * w is a gradient accumulator. 32 units per sweep, then 16, 8 and 4.
 */
export function sparseUpdate(w: usize, width: i32, n: i32, list: usize, d: usize): void {
  let g = 0;
  for (; g + 32 <= width; g += 32) {
    const at = (<usize>g) << 2;
    update32(w + at, n, list, d + at);
  }
  if (g + 16 <= width) {
    const at = (<usize>g) << 2;
    update16(w + at, n, list, d + at);
    g += 16;
  }
  if (g + 8 <= width) {
    const at = (<usize>g) << 2;
    update8(w + at, n, list, d + at);
    g += 8;
  }
  if (g < width) {
    const at = (<usize>g) << 2;
    update4(w + at, n, list, d + at);
  }
}

function update32(base: usize, n: i32, list: usize, d: usize): void {
  const d0 = v128.load(d);
  const d1 = v128.load(d, 16);
  const d2 = v128.load(d, 32);
  const d3 = v128.load(d, 48);
  const d4 = v128.load(d, 64);
  const d5 = v128.load(d, 80);
  const d6 = v128.load(d, 96);
  const d7 = v128.load(d, 112);
  // Two inputs per iteration: their rows differ, so the updates are independent.
  let r = list;
  const pairs = list + ((<usize>(n & ~1)) << 3);
  for (; r < pairs; r += 16) {
    const x = f32x4.splat(load<f32>(r, 4));
    const p = base + <usize>load<i32>(r);
    const y = f32x4.splat(load<f32>(r, 12));
    const q = base + <usize>load<i32>(r, 8);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
    v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(x, d2)), 32);
    v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(x, d3)), 48);
    v128.store(p, f32x4.add(v128.load(p, 64), f32x4.mul(x, d4)), 64);
    v128.store(p, f32x4.add(v128.load(p, 80), f32x4.mul(x, d5)), 80);
    v128.store(p, f32x4.add(v128.load(p, 96), f32x4.mul(x, d6)), 96);
    v128.store(p, f32x4.add(v128.load(p, 112), f32x4.mul(x, d7)), 112);
    v128.store(q, f32x4.add(v128.load(q), f32x4.mul(y, d0)));
    v128.store(q, f32x4.add(v128.load(q, 16), f32x4.mul(y, d1)), 16);
    v128.store(q, f32x4.add(v128.load(q, 32), f32x4.mul(y, d2)), 32);
    v128.store(q, f32x4.add(v128.load(q, 48), f32x4.mul(y, d3)), 48);
    v128.store(q, f32x4.add(v128.load(q, 64), f32x4.mul(y, d4)), 64);
    v128.store(q, f32x4.add(v128.load(q, 80), f32x4.mul(y, d5)), 80);
    v128.store(q, f32x4.add(v128.load(q, 96), f32x4.mul(y, d6)), 96);
    v128.store(q, f32x4.add(v128.load(q, 112), f32x4.mul(y, d7)), 112);
  }
  if ((n & 1) != 0) {
    const x = f32x4.splat(load<f32>(r, 4));
    const p = base + <usize>load<i32>(r);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
    v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(x, d2)), 32);
    v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(x, d3)), 48);
    v128.store(p, f32x4.add(v128.load(p, 64), f32x4.mul(x, d4)), 64);
    v128.store(p, f32x4.add(v128.load(p, 80), f32x4.mul(x, d5)), 80);
    v128.store(p, f32x4.add(v128.load(p, 96), f32x4.mul(x, d6)), 96);
    v128.store(p, f32x4.add(v128.load(p, 112), f32x4.mul(x, d7)), 112);
  }
}

function update16(base: usize, n: i32, list: usize, d: usize): void {
  const d0 = v128.load(d);
  const d1 = v128.load(d, 16);
  const d2 = v128.load(d, 32);
  const d3 = v128.load(d, 48);
  // Two inputs per iteration: their rows differ, so the updates are independent.
  let r = list;
  const pairs = list + ((<usize>(n & ~1)) << 3);
  for (; r < pairs; r += 16) {
    const x = f32x4.splat(load<f32>(r, 4));
    const p = base + <usize>load<i32>(r);
    const y = f32x4.splat(load<f32>(r, 12));
    const q = base + <usize>load<i32>(r, 8);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
    v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(x, d2)), 32);
    v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(x, d3)), 48);
    v128.store(q, f32x4.add(v128.load(q), f32x4.mul(y, d0)));
    v128.store(q, f32x4.add(v128.load(q, 16), f32x4.mul(y, d1)), 16);
    v128.store(q, f32x4.add(v128.load(q, 32), f32x4.mul(y, d2)), 32);
    v128.store(q, f32x4.add(v128.load(q, 48), f32x4.mul(y, d3)), 48);
  }
  if ((n & 1) != 0) {
    const x = f32x4.splat(load<f32>(r, 4));
    const p = base + <usize>load<i32>(r);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
    v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(x, d2)), 32);
    v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(x, d3)), 48);
  }
}

function update8(base: usize, n: i32, list: usize, d: usize): void {
  const d0 = v128.load(d);
  const d1 = v128.load(d, 16);
  const end = list + ((<usize>n) << 3);
  for (let r = list; r < end; r += 8) {
    const x = f32x4.splat(load<f32>(r, 4));
    const p = base + <usize>load<i32>(r);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
  }
}

function update4(base: usize, n: i32, list: usize, d: usize): void {
  const d0 = v128.load(d);
  const end = list + ((<usize>n) << 3);
  for (let r = list; r < end; r += 8) {
    const p = base + <usize>load<i32>(r);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(f32x4.splat(load<f32>(r, 4)), d0)));
  }
}
