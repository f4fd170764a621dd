/**
 * The conv kernel's layers (kernels/assembly/_conv.ts) against the reference's (layers/conv2d.ts,
 * maxpool.ts) on random float32 volumes. The reference sums in float64, the kernel in float32
 * (four lanes for stride 1), so values agree to float32 rounding: every output within 2e-6 of the
 * reference, relative to the largest magnitude of that output (at least 1). Max-pooling only
 * compares and copies, so its values and winners are equal exactly.
 */
import { describe, expect, it } from 'vitest';
import {
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  conv2dWeightCount,
  type Conv2dGeometry,
} from '../../../src-shared/engine/layers/conv2d';
import {
  maxPoolBackward,
  maxPoolForward,
  maxPoolGeometry,
} from '../../../src-shared/engine/layers/maxpool';
import { volume } from '../../../src-shared/engine/layers/tensor';
import { Rng } from '../../../src-shared/engine/rng';
import { activationNames } from '../../../src-shared/experiment/config';
import * as C from '../kernels/assembly/_convlayout';
import * as K from '../kernels/assembly/_layout';
import { Allocator } from './allocator';
import { kernelAvailable, kernelHeapBase, wasm } from './kernel-module';
import { instantiateConvKernel } from './conv-kernel';

const built = kernelAvailable();
if (!built) console.warn('conv-kernel.test: skipped, out/kernels/fast.wasm is not built');

const TOLERANCE = 2e-6;

function randoms(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/** Largest |a − b| relative to max(1, max |b|). */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let size = 1;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    size = Math.max(size, Math.abs(b[i]));
  }
  return worst / size;
}

/** One stage in a fresh kernel memory: its context, workspace and the arrays the test fills. */
function stageHarness(stage: 'conv' | 'pool', g: Conv2dGeometry) {
  const memory = new wasm.Memory({ initial: 64, maximum: 64, shared: true });
  const kernel = instantiateConvKernel(memory);
  const alloc = new Allocator(kernelHeapBase());
  const ctx = alloc.take(C.CONV_CTX_BYTES);
  const up4 = (n: number) => Math.ceil(n / 4) * 4;
  const { input, output, kernel: k, stride, padding: p } = g;
  const padded = input.channels * (input.height + 2 * p) * (input.width + 2 * p);
  const ws = alloc.take(4 * (up4(padded) + 4 * up4(volume(output)) + up4(volume(input))));
  const offsets = [up4(padded), up4(volume(output)), up4(volume(output)), up4(volume(output))];
  const [xpad, z, a, d] = [0, offsets[0], offsets[0] + offsets[1], offsets[0] + 2 * offsets[1]];
  const arg = d + offsets[1];
  const gin = arg + offsets[1];
  const wCount = stage === 'conv' ? conv2dWeightCount(g) : 0;
  const w = alloc.take(4 * wCount);
  const b = alloc.take(4 * g.filters);
  const x = alloc.take(4 * volume(input));
  const gA = alloc.take(4 * up4(volume(output)));
  const grad = alloc.take(4 * (wCount + g.filters));
  const words = new Int32Array(memory.buffer, ctx, C.CONV_CTX_BYTES / 4);
  const base = C.STAGE_BASE;
  const fields: [number, number][] = [
    [C.ST_TYPE, stage === 'conv' ? C.STAGE_CONV : C.STAGE_POOL],
    [C.ST_C, input.channels],
    [C.ST_H, input.height],
    [C.ST_W, input.width],
    [C.ST_F, output.channels],
    [C.ST_OH, output.height],
    [C.ST_OW, output.width],
    [C.ST_K, k],
    [C.ST_S, stride],
    [C.ST_P, p],
    [C.ST_ACT, activationNames.indexOf(g.activation)],
    [C.ST_WP, w],
    [C.ST_BP, b],
    [C.ST_XPAD, 4 * xpad],
    [C.ST_Z, 4 * z],
    [C.ST_A, 4 * a],
    [C.ST_D, 4 * d],
    [C.ST_ARG, 4 * arg],
    [C.ST_GIN, 4 * gin],
  ];
  for (const [field, value] of fields) words[base + field] = value;
  const f32 = (at: number, n: number) => new Float32Array(memory.buffer, at, n);
  return {
    kernel,
    ctx,
    ws,
    weights: f32(w, wCount),
    biases: f32(b, g.filters),
    x: f32(x, volume(input)),
    gA: f32(gA, volume(output)),
    grad: f32(grad, wCount + g.filters),
    gX: f32(ws + 4 * gin, volume(input)),
    at: { x, gA, grad, gX: ws + 4 * gin },
    z: f32(ws + 4 * z, volume(output)),
    a: f32(ws + 4 * a, volume(output)),
    delta: f32(ws + 4 * d, volume(output)),
    argmax: new Int32Array(memory.buffer, ws + 4 * arg, volume(output)),
  };
}

type Case = [channels: number, size: number, filters: number, k: number, s: number, p: number];

const convCases: Case[] = [
  [1, 12, 4, 5, 1, 0], // the ch.6 shape, smaller: OW = 8
  [3, 9, 2, 3, 1, 1], // three channels, padding 1, OW = 9 (a scalar tail after two lanes of 4)
  [1, 11, 3, 3, 2, 0], // stride 2
  [3, 10, 5, 4, 2, 1], // stride 2, padding 1, three channels
  [2, 6, 3, 3, 1, 0], // OW = 4: no tail
];

describe('the conv context', () => {
  it('starts above every synchronisation word of _layout.ts, which the conv kernel shares', () => {
    const sync = Object.entries(K).filter(([name]) => name.startsWith('S_'));
    expect(sync.length).toBeGreaterThan(5);
    for (const [, word] of sync) expect(word).toBeLessThan(C.CONV_BASE);
  });
});

describe.skipIf(!built)('the conv kernel agrees with the reference layers', () => {
  for (const [channels, size, filters, k, s, p] of convCases) {
    for (const activation of ['sigmoid', 'relu'] as const) {
      it(`conv2d ${channels}×${size}×${size}, ${filters} filters of ${k}×${k}, stride ${s}, padding ${p}, ${activation}`, () => {
        const input = { channels, height: size, width: size };
        const spec = { filters, kernel: k, stride: s, padding: p, activation };
        const g = conv2dGeometry(input, spec, 'test');
        const h = stageHarness('conv', g);
        const rng = new Rng(channels * 100 + size * 10 + k + s + p);
        h.weights.set(randoms(rng, h.weights.length, 0.5));
        h.biases.set(randoms(rng, h.biases.length, 0.5));
        h.x.set(randoms(rng, h.x.length));
        h.gA.set(randoms(rng, h.gA.length));

        h.kernel.convForward(h.ctx, 0, h.at.x, h.ws);
        h.kernel.convBackward(h.ctx, 0, h.ws, h.at.gA, h.at.grad, h.at.gX);

        const n = volume(g.output);
        const out = { z: new Float64Array(n), a: new Float64Array(n), delta: new Float64Array(n) };
        const params = {
          weights: Float64Array.from(h.weights),
          biases: Float64Array.from(h.biases),
        };
        conv2dForward(g, params, Float64Array.from(h.x), out);
        const grads = {
          weights: new Float64Array(h.weights.length),
          biases: new Float64Array(filters),
        };
        const gX = new Float64Array(volume(input));
        conv2dBackward(g, params, Float64Array.from(h.x), out, h.gA, grads, gX);

        expect(relativeDifference(h.z, out.z)).toBeLessThan(TOLERANCE);
        expect(relativeDifference(h.a, out.a)).toBeLessThan(TOLERANCE);
        expect(relativeDifference(h.delta, out.delta)).toBeLessThan(TOLERANCE);
        const wCount = h.weights.length;
        expect(relativeDifference(h.grad.subarray(0, wCount), grads.weights)).toBeLessThan(
          TOLERANCE,
        );
        expect(relativeDifference(h.grad.subarray(wCount), grads.biases)).toBeLessThan(TOLERANCE);
        expect(relativeDifference(h.gX, gX)).toBeLessThan(TOLERANCE);
        // Not vacuous: the gradients are not all 0.
        expect(grads.weights.some((v) => Math.abs(v) > 1e-3)).toBe(true);
        expect(gX.some((v) => Math.abs(v) > 1e-3)).toBe(true);
      });
    }
  }

  for (const [channels, size, pool, stride] of [
    [1, 8, 2, 2],
    [3, 12, 2, 2],
    [2, 9, 3, 3],
    [2, 7, 3, 2], // overlapping windows: winners can share gradients
  ] as const) {
    it(`maxpool ${channels}×${size}×${size}, window ${pool}, stride ${stride}`, () => {
      const input = { channels, height: size, width: size };
      const pg = maxPoolGeometry(input, pool, stride, 'test');
      const g = {
        ...pg,
        filters: channels,
        kernel: pool,
        padding: 0,
        activation: 'linear',
      } as const;
      const h = stageHarness('pool', g);
      const rng = new Rng(size + pool);
      // Values on a coarse grid, so windows hold ties and the first maximum must win.
      h.x.set(Float32Array.from({ length: h.x.length }, () => Math.floor(rng.next() * 5) / 4));
      h.gA.set(randoms(rng, h.gA.length));
      h.kernel.poolForward(h.ctx, 0, h.at.x, h.ws);
      h.kernel.poolBackward(h.ctx, 0, h.ws, h.at.gA, h.at.gX);

      const n = volume(pg.output);
      const [y, argmax] = [new Float32Array(n), new Int32Array(n)];
      maxPoolForward(pg, h.x, y, argmax);
      const gX = new Float64Array(volume(input));
      maxPoolBackward(pg, h.gA, argmax, gX);
      expect(Array.from(h.a)).toEqual(Array.from(y));
      expect(Array.from(h.argmax)).toEqual(Array.from(argmax));
      expect(Array.from(h.gX)).toEqual(Array.from(Float32Array.from(gX)));
    });
  }
});
