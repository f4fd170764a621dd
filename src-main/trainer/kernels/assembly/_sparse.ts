// @ts-nocheck -- AssemblyScript (v128, load<T>), type-checked by asc in `npm run build`.
/**
 * The first weight layer, which sees only the non-zero inputs (exact: a zero input adds 0 to z
 * and 0 to ∂C/∂w). Thread t owns hidden units [start, start + width) of it and keeps their
 * weights input-major in its own block (row k = the `width` weights from input k, width a multiple
 * of 8), so one non-zero pixel costs width/4 four-lane multiply-adds and no two threads ever
 * write the same cache line.
 */
import { G_LUT, SP_DATA, SP_FORMAT, SP_OFFSETS } from './_layout';
import { pointer, splitPointer, splitWord } from './_ctx';
import { vactivate } from './_vmath';

/**
 * Decodes example e of split s into `offsets` (byte offset of input k's row: k · rowBytes) and
 * `values` (x_k), non-zero inputs only, in increasing k; returns their count.
 * Format 0: u16 pairs (low byte: gap to the previous input index, high byte: pixel 0–255 read
 * through the exact table fround(p/255)); a pair with pixel 0 only skips 255 indices.
 * Format 1: (u32 index, f32 value) pairs.
 */
export function decode(
  ctx: usize,
  s: i32,
  e: i32,
  rowBytes: i32,
  offsets: usize,
  values: usize,
): i32 {
  const data = splitPointer(ctx, s, SP_DATA);
  const starts = splitPointer(ctx, s, SP_OFFSETS) + ((<usize>e) << 2);
  const begin = data + <usize>load<u32>(starts);
  const end = data + <usize>load<u32>(starts, 4);
  let n = 0;
  if (splitWord(ctx, s, SP_FORMAT) == 0) {
    const lut = pointer(ctx, G_LUT);
    let k = 0;
    for (let p = begin; p < end; p += 2) {
      const pair = <i32>load<u16>(p);
      k += pair & 255;
      const pixel = pair >>> 8;
      store<i32>(offsets + ((<usize>n) << 2), k * rowBytes);
      store<f32>(values + ((<usize>n) << 2), load<f32>(lut + ((<usize>pixel) << 2)));
      n += <i32>(pixel != 0);
    }
    return n;
  }
  for (let p = begin; p < end; p += 8) {
    store<i32>(offsets + ((<usize>n) << 2), load<i32>(p) * rowBytes);
    store<f32>(values + ((<usize>n) << 2), load<f32>(p, 4));
    n++;
  }
  return n;
}

/**
 * z_j = b_j + Σ_i w[k_i][j] x_{k_i} for the `width` units of one slice (w: its input-major block,
 * b, z, a: the slice's first unit), then a = σ(z) unless act is softmax. Sixteen units per sweep
 * over the non-zero inputs (four accumulators: more spill), eight in a last half sweep. Each unit
 * sums its inputs in increasing k, whoever computes it.
 */
export function sparseForward(
  act: i32,
  w: usize,
  width: i32,
  n: i32,
  offsets: usize,
  values: usize,
  b: usize,
  z: usize,
  a: usize,
): void {
  let g = 0;
  for (; g + 16 <= width; g += 16) {
    const at = (<usize>g) << 2;
    let s0 = v128.load(b + at);
    let s1 = v128.load(b + at, 16);
    let s2 = v128.load(b + at, 32);
    let s3 = v128.load(b + at, 48);
    const base = w + at;
    for (let i = 0; i < n; i++) {
      const x = f32x4.splat(load<f32>(values + ((<usize>i) << 2)));
      const p = base + <usize>load<i32>(offsets + ((<usize>i) << 2));
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(p)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(p, 16)));
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(p, 32)));
      s3 = f32x4.add(s3, f32x4.mul(x, v128.load(p, 48)));
    }
    storeBlock(act, z + at, a + at, s0, s1, s2, s3);
  }
  if (g < width) {
    const at = (<usize>g) << 2;
    let s0 = v128.load(b + at);
    let s1 = v128.load(b + at, 16);
    const base = w + at;
    for (let i = 0; i < n; i++) {
      const x = f32x4.splat(load<f32>(values + ((<usize>i) << 2)));
      const p = base + <usize>load<i32>(offsets + ((<usize>i) << 2));
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(p)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(p, 16)));
    }
    v128.store(z + at, s0);
    v128.store(z + at, s1, 16);
    v128.store(a + at, vactivate(act, s0));
    v128.store(a + at, vactivate(act, s1), 16);
  }
}

function storeBlock(act: i32, z: usize, a: usize, s0: v128, s1: v128, s2: v128, s3: v128): void {
  v128.store(z, s0);
  v128.store(z, s1, 16);
  v128.store(z, s2, 32);
  v128.store(z, s3, 48);
  v128.store(a, vactivate(act, s0));
  v128.store(a, vactivate(act, s1), 16);
  v128.store(a, vactivate(act, s2), 32);
  v128.store(a, vactivate(act, s3), 48);
}

/**
 * BP4 on the slice, for one example: w[k_i][j] += x_{k_i} · d_j for every non-zero input, where
 * d (the slice's first unit, `width` floats) is −(η/m)·δ for a direct SGD step, or δ itself when
 * w is a gradient accumulator.
 */
export function sparseUpdate(
  w: usize,
  width: i32,
  n: i32,
  offsets: usize,
  values: usize,
  d: usize,
): void {
  let g = 0;
  for (; g + 16 <= width; g += 16) {
    const at = (<usize>g) << 2;
    const d0 = v128.load(d + at);
    const d1 = v128.load(d + at, 16);
    const d2 = v128.load(d + at, 32);
    const d3 = v128.load(d + at, 48);
    const base = w + at;
    for (let i = 0; i < n; i++) {
      const x = f32x4.splat(load<f32>(values + ((<usize>i) << 2)));
      const p = base + <usize>load<i32>(offsets + ((<usize>i) << 2));
      v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
      v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
      v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(x, d2)), 32);
      v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(x, d3)), 48);
    }
  }
  if (g < width) {
    const at = (<usize>g) << 2;
    const d0 = v128.load(d + at);
    const d1 = v128.load(d + at, 16);
    const base = w + at;
    for (let i = 0; i < n; i++) {
      const x = f32x4.splat(load<f32>(values + ((<usize>i) << 2)));
      const p = base + <usize>load<i32>(offsets + ((<usize>i) << 2));
      v128.store(p, f32x4.add(v128.load(p), f32x4.mul(x, d0)));
      v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(x, d1)), 16);
    }
  }
}
