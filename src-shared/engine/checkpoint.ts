/**
 * Binary checkpoints: everything a session needs to continue bit-identically after epoch k.
 *
 * Layout (all numbers little-endian):
 *   bytes 0–3   "BPCK"
 *   u32         format version (2; version 1 is read as well, see below)
 *   u32         length M of the metadata
 *   M bytes     metadata, UTF-8 JSON (wire.ts encoding, so NaN/±∞ survive): sizes, activations,
 *               precision, epoch, diverged flag, Rng state, schedule and early-stopping state
 *   padding to a multiple of 8
 *   arrays      weights[0 … L), biases[0 … L), then velocities w[0 … L), b[0 … L) when kept,
 *               then `moments` more such sets (Adam's m then v, or RMSProp's r);
 *               float32 or float64 by precision, lengths implied by sizes.
 *               then, for a conv net (version 3), the same sets once more for its conv layers: each
 *               set's conv weights[0 … K), biases[0 … K), lengths in the metadata's `features`,
 *               with the conv layout that wrote them (`features.layout`), checked on resume.
 * Version 2 added the optimizer's kind, its moment arrays and step count to the metadata. A
 * version 1 checkpoint predates optimizers other than SGD and momentum: it is read as one of
 * those two (momentum when it has velocities), with no moments.
 */
import { z } from 'zod';
import { decodeWire, encodeWire } from '../base/wire';
import { strictObject } from '../base/strict-object';
import { describeIssues } from '../base/validation';
import {
  activationNames,
  optimizerKinds,
  type ActivationName,
  type OptimizerKind,
} from './options';
import type { Float } from './activations';
import { newFloat, type Precision } from './network';
import type { RngState } from './rng';
import type { ControlState } from './schedule';

const MAGIC = [0x42, 0x50, 0x43, 0x4b]; // "BPCK"
/** Networks without conv layers are written as version 2, so their checkpoints stay as they were. */
const VERSION = 2;
const CONV_VERSION = 3;
const READABLE_VERSIONS = [1, 2, 3];

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export interface CheckpointMeta {
  sizes: number[];
  activations: ActivationName[];
  precision: Precision;
  epoch: number;
  diverged: boolean;
  rng: RngState;
  control: ControlState;
  hasVelocities: boolean;
  /** The optimizer that wrote it (version 2); version 1: "momentum" with velocities, else "sgd". */
  optimizer?: OptimizerKind;
  /** Sets of moment arrays after the velocities (version 2; 0 when absent). */
  moments?: number;
  /** Optimizer steps taken (Adam's t; version 2, 0 when absent). */
  steps?: number;
  /** Lengths of each conv layer's weights and biases (version 3, conv nets only), and the conv
   * layout that wrote them (feature-stack.ts featureLayoutText; absent in the first format 3
   * checkpoints, which are then matched by their lengths only). */
  features?: { weights: number[]; biases: number[]; layout?: string };
}

type ArraySet = { w: Float[]; b: Float[] };

export interface Checkpoint {
  meta: CheckpointMeta;
  weights: Float[];
  biases: Float[];
  /** Present when meta.hasVelocities. */
  velocities: ArraySet | null;
  /** meta.moments sets: Adam's [m, v] or RMSProp's [r]; absent means none. */
  moments?: ArraySet[];
  /** A conv net's conv layers: their parameters, then velocities and moments as above. */
  features?: ArraySet[];
}

function arraysOf(c: Checkpoint): Float[] {
  const sets = [...(c.velocities ? [c.velocities] : []), ...(c.moments ?? [])];
  const rest = [...sets, ...(c.features ?? [])];
  return [...c.weights, ...c.biases, ...rest.flatMap((set) => [...set.w, ...set.b])];
}

/** The metadata to write: `moments` and `features` always match the arrays given. */
function metaToWrite(c: Checkpoint): CheckpointMeta {
  const optimizer = c.meta.optimizer ?? (c.meta.hasVelocities ? 'momentum' : 'sgd');
  const { features: stated, ...given } = c.meta;
  const meta = { ...given, optimizer, moments: c.moments?.length ?? 0, steps: c.meta.steps ?? 0 };
  const conv = c.features?.[0];
  if (!conv) return meta;
  const lengths = { weights: conv.w.map((a) => a.length), biases: conv.b.map((a) => a.length) };
  const layout = stated?.layout;
  return { ...meta, features: { ...lengths, ...(layout !== undefined && { layout }) } };
}

export function writeCheckpoint(c: Checkpoint): Uint8Array {
  const meta = new TextEncoder().encode(encodeWire(metaToWrite(c)));
  const head = align8(12 + meta.length);
  const width = c.meta.precision === 'float32' ? 4 : 8;
  const arrays = arraysOf(c);
  const total = head + arrays.reduce((n, a) => n + a.length * width, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, c.features ? CONV_VERSION : VERSION, true);
  view.setUint32(8, meta.length, true);
  bytes.set(meta, 12);
  let at = head;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, at += width) {
      if (width === 4) view.setFloat32(at, a[i], true);
      else view.setFloat64(at, a[i], true);
    }
  }
  return bytes;
}

/** Parses a checkpoint, or throws a CheckpointError saying what is wrong with it. */
export function readCheckpoint(bytes: Uint8Array): Checkpoint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m))
    throw new CheckpointError('not a checkpoint (no BPCK header)');
  const version = view.getUint32(4, true);
  if (!READABLE_VERSIONS.includes(version))
    throw new CheckpointError(
      `checkpoint format ${version} is not supported (expected ${READABLE_VERSIONS.slice(0, -1).join(', ')} or ${READABLE_VERSIONS.at(-1)})`,
    );
  const metaLength = view.getUint32(8, true);
  if (12 + metaLength > bytes.length)
    throw new CheckpointError('checkpoint is truncated (metadata)');
  const meta = migrate(parseMeta(bytes.subarray(12, 12 + metaLength)), version);
  const { sizes, precision } = meta;
  const width = precision === 'float32' ? 4 : 8;
  const layerLengths = sizes.slice(1).map((n, l) => n * sizes[l]);
  const lengths = [...layerLengths, ...sizes.slice(1)];
  const sets = 1 + (meta.hasVelocities ? 1 : 0) + meta.moments!;
  const conv = meta.features ? [...meta.features.weights, ...meta.features.biases] : [];
  const all = [
    ...Array.from({ length: sets }, () => lengths).flat(),
    ...Array.from({ length: conv.length > 0 ? sets : 0 }, () => conv).flat(),
  ];
  const expected = align8(12 + metaLength) + all.reduce((n, len) => n + len * width, 0);
  if (bytes.length !== expected) {
    throw new CheckpointError(
      `checkpoint has ${bytes.length} bytes, expected ${expected} for layers ${sizes.join('-')}`,
    );
  }
  let at = align8(12 + metaLength);
  const arrays = all.map((len) => {
    const a = newFloat(precision, len);
    for (let i = 0; i < len; i++, at += width)
      a[i] = width === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    return a;
  });
  const L = sizes.length - 1;
  const set = (i: number) => ({
    w: arrays.slice(2 * L * i, 2 * L * i + L),
    b: arrays.slice(2 * L * i + L, 2 * L * (i + 1)),
  });
  const params = set(0);
  const velocities = meta.hasVelocities ? set(1) : null;
  const first = meta.hasVelocities ? 2 : 1;
  const moments = Array.from({ length: meta.moments! }, (_, i) => set(first + i));
  const features = meta.features
    ? featureSets(arrays.slice(2 * L * sets), meta.features)
    : undefined;
  return { meta, weights: params.w, biases: params.b, velocities, moments, features };
}

/** The conv arrays after the dense ones, cut into sets of K weights then K biases. */
function featureSets(arrays: Float[], lengths: { weights: number[] }): ArraySet[] {
  const K = lengths.weights.length;
  return Array.from({ length: arrays.length / (2 * K) }, (_, i) => ({
    w: arrays.slice(2 * K * i, 2 * K * i + K),
    b: arrays.slice(2 * K * i + K, 2 * K * (i + 1)),
  }));
}

/** Fills what version 1 did not write (see the header), and checks the counts of version 2. */
function migrate(meta: CheckpointMeta, version: number): CheckpointMeta {
  if (version !== 3 && meta.features !== undefined)
    throw new CheckpointError(`checkpoint format ${version} cannot hold conv layers`);
  if (version === 3 && meta.features === undefined)
    throw new CheckpointError('checkpoint metadata has no conv layer lengths (format 3)');
  if (version === 1) {
    const optimizer = meta.hasVelocities ? 'momentum' : 'sgd';
    return { ...meta, optimizer, moments: 0, steps: 0 };
  }
  if (meta.optimizer === undefined || meta.moments === undefined || meta.steps === undefined)
    throw new CheckpointError(
      `checkpoint format ${version} metadata lacks its optimizer, moments or steps`,
    );
  return meta;
}

/** Any number the wire carries, ±∞ included (a patience's best cost may be +∞ after divergence). */
const anyNumber = z.custom<number>((v) => typeof v === 'number' && !Number.isNaN(v), {
  message: 'expected a number',
});
const count = z.int().nonnegative();
const patience = strictObject({ best: anyNumber.nullable(), bestEpoch: count, bad: count });

/**
 * The metadata, read strictly: a checkpoint crosses boundaries (bundles, Redis entries, the store),
 * so a field this version does not write is an error naming it, never ignored, and every field has
 * the type the session will use. Versions 1 and 2 lack the later fields (migrate checks them).
 */
const metaSchema = strictObject({
  // Bounds are the run config's (64 layers, 32 conv/pool layers, Adam's two moment sets), so a
  // small checkpoint cannot make the reader lay out millions of arrays before its size is checked.
  sizes: z.array(z.int().positive()).min(2).max(64),
  activations: z.array(z.enum(activationNames)).min(1).max(63),
  precision: z.enum(['float32', 'float64']),
  epoch: count,
  diverged: z.boolean(),
  rng: strictObject({
    s: z.tuple([z.uint32(), z.uint32(), z.uint32(), z.uint32()]),
    spare: z.number().nullable(),
  }),
  control: strictObject({
    learningRate: z.number(),
    plateau: patience,
    early: patience,
    stopped: z.boolean(),
  }),
  hasVelocities: z.boolean(),
  optimizer: z.enum(optimizerKinds).optional(),
  moments: count.max(2).optional(),
  steps: count.optional(),
  features: strictObject({
    weights: z.array(z.int().positive()).min(1).max(32),
    biases: z.array(z.int().positive()).min(1).max(32),
    layout: z.string().optional(),
  })
    .refine((f) => f.weights.length === f.biases.length, {
      message: 'weights and biases name the same conv layers',
    })
    .optional(),
});

function parseMeta(bytes: Uint8Array): CheckpointMeta {
  let raw: unknown;
  try {
    raw = decodeWire<unknown>(new TextDecoder().decode(bytes));
  } catch {
    throw new CheckpointError('checkpoint metadata is not valid JSON');
  }
  const parsed = metaSchema.safeParse(raw);
  if (!parsed.success)
    throw new CheckpointError(`checkpoint metadata: ${describeIssues(parsed.error)}`);
  const meta: CheckpointMeta = parsed.data;
  if (meta.activations.length !== meta.sizes.length - 1)
    throw new CheckpointError(
      `checkpoint metadata: activations has ${meta.activations.length} entries for ${meta.sizes.length - 1} weight layers`,
    );
  return meta;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
