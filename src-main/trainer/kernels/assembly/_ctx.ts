// @ts-nocheck -- AssemblyScript (i32, f32, usize, load<T>), type-checked by asc in `npm run build`.
/**
 * Typed access to the context block (fields: src-main/trainer/fast/context-fields.ts; word numbers:
 * _layout.ts): word w is at ctx + 4w. A field's kind says which to use: i32 `word`, ptr `pointer`,
 * f32 `real`, f64 `double`.
 */
import {
  LAYER_BASE,
  LAYER_WORDS,
  SLICE_BASE,
  SLICE_WORDS,
  SPLIT_BASE,
  SPLIT_WORDS,
  THREAD_BASE,
  THREAD_WORDS,
} from './_layout';

export function word(ctx: usize, w: i32): i32 {
  return load<i32>(ctx + ((<usize>w) << 2));
}

export function pointer(ctx: usize, w: i32): usize {
  return <usize>load<u32>(ctx + ((<usize>w) << 2));
}

export function real(ctx: usize, w: i32): f32 {
  return load<f32>(ctx + ((<usize>w) << 2));
}

/** An f64 field: words w and w + 1 (w even, so the address is 8-byte aligned). */
export function double(ctx: usize, w: i32): f64 {
  return load<f64>(ctx + ((<usize>w) << 2));
}

export function layerWord(ctx: usize, l: i32, field: i32): i32 {
  return word(ctx, LAYER_BASE + l * LAYER_WORDS + field);
}

export function layerPointer(ctx: usize, l: i32, field: i32): usize {
  return pointer(ctx, LAYER_BASE + l * LAYER_WORDS + field);
}

export function sliceWord(ctx: usize, t: i32, field: i32): i32 {
  return word(ctx, SLICE_BASE + t * SLICE_WORDS + field);
}

export function slicePointer(ctx: usize, t: i32, field: i32): usize {
  return pointer(ctx, SLICE_BASE + t * SLICE_WORDS + field);
}

export function threadWord(ctx: usize, t: i32, field: i32): i32 {
  return word(ctx, THREAD_BASE + t * THREAD_WORDS + field);
}

export function threadPointer(ctx: usize, t: i32, field: i32): usize {
  return pointer(ctx, THREAD_BASE + t * THREAD_WORDS + field);
}

export function splitWord(ctx: usize, s: i32, field: i32): i32 {
  return word(ctx, SPLIT_BASE + s * SPLIT_WORDS + field);
}

export function splitPointer(ctx: usize, s: i32, field: i32): usize {
  return pointer(ctx, SPLIT_BASE + s * SPLIT_WORDS + field);
}

/** Row r of a buffer with `stride` floats per row. */
export function row(base: usize, r: i32, stride: i32): usize {
  return base + ((<usize>r * <usize>stride) << 2);
}
