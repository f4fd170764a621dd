/**
 * Writes TensorBoard event files the way PyTorch's SummaryWriter and TensorFlow 2 do, for tests:
 * its own protobuf encoder and its own bit-by-bit CRC-32C (not the reader's table), so a mistake
 * in the reader's framing cannot be mirrored here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** CRC-32C bit by bit: crc32cBitwise("123456789") must be 0xE3069283. */
export function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** TensorFlow's masked CRC (tensorflow/core/lib/hash/crc32c.h: Mask). */
export function maskedCrc(bytes: Uint8Array): number {
  const crc = crc32cBitwise(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32;
}

export function frame(data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length + 4);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc(data), 12 + data.length);
  return out;
}

// --- protobuf encoding -------------------------------------------------------------------------

function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

const key = (field: number, wireType: number) => varint(BigInt(field * 8 + wireType));

export const pb = {
  varint: (field: number, value: number | bigint) => [...key(field, 0), ...varint(BigInt(value))],
  double: (field: number, value: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return [...key(field, 1), ...b];
  },
  float: (field: number, value: number) => {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    return [...key(field, 5), ...b];
  },
  /** A float from its raw bits (a NaN with a payload, say). */
  floatBits: (field: number, bits: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(bits);
    return [...key(field, 5), ...b];
  },
  bytes: (field: number, content: ArrayLike<number>) => [
    ...key(field, 2),
    ...varint(BigInt(content.length)),
    ...Array.from(content),
  ],
  string: (field: number, text: string) => pb.bytes(field, Buffer.from(text, 'utf8')),
};

// --- TensorBoard messages ----------------------------------------------------------------------

export type TbValue =
  | { tag: string; simple: number; plugin?: string }
  | { tag: string; floatVal: number; plugin?: string }
  | { tag: string; doubleVal: number; plugin?: string }
  | { tag: string; contentF32: number; plugin?: string }
  | { tag: string; histogramTensor: number[]; plugin?: string };

function metadata(plugin: string | undefined): number[] {
  return plugin === undefined ? [] : pb.bytes(9, pb.bytes(1, pb.string(1, plugin)));
}

function tensor(dtype: number, body: number[], dims: number[] = []): number[] {
  const shape = dims.flatMap((size) => pb.bytes(2, pb.varint(1, size)));
  return pb.bytes(8, [...pb.varint(1, dtype), ...pb.bytes(2, shape), ...body]);
}

function valueBytes(v: TbValue): number[] {
  const head = [...pb.string(1, v.tag), ...metadata(v.plugin)];
  if ('simple' in v) return [...head, ...pb.float(2, v.simple)];
  if ('floatVal' in v) return [...head, ...tensor(1, pb.bytes(5, f32(v.floatVal)))];
  if ('doubleVal' in v) return [...head, ...tensor(2, pb.bytes(6, f64(v.doubleVal)))];
  if ('contentF32' in v) return [...head, ...tensor(1, pb.bytes(4, f32(v.contentF32)))];
  const content = v.histogramTensor.flatMap((x) => [...f64(x)]);
  return [...head, ...tensor(2, pb.bytes(4, content), [v.histogramTensor.length / 3, 3])];
}

const f32 = (x: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return [...b];
};
const f64 = (x: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return [...b];
};

export interface TbEvent {
  wallTime: number;
  step?: number;
  fileVersion?: string;
  values?: TbValue[];
  /** Extra encoded fields (unknown ones, which the reader must skip). */
  extra?: number[];
}

export function eventBytes(e: TbEvent): Uint8Array {
  const fields = [...pb.double(1, e.wallTime)];
  if (e.step !== undefined) fields.push(...pb.varint(2, e.step));
  if (e.fileVersion !== undefined) fields.push(...pb.string(3, e.fileVersion));
  if (e.values)
    fields.push(
      ...pb.bytes(
        5,
        e.values.flatMap((v) => pb.bytes(1, valueBytes(v))),
      ),
    );
  if (e.extra) fields.push(...e.extra);
  return Uint8Array.from(fields);
}

/** An event file's bytes: the file_version event, then `events`, each framed. */
export function eventFile(events: TbEvent[], wallTime = 1_700_000_000.5): Buffer {
  const all = [{ wallTime, fileVersion: 'brain.Event:2' }, ...events];
  return Buffer.concat(all.map((e) => frame(eventBytes(e))));
}

export function writeEventFile(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
