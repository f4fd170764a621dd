import { execFileSync } from 'node:child_process';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32c, maskCrc } from '../../src-shared/import/crc32c';
import { tempDir } from '../core/store/store.testing';
import { readTensorboardLogdir } from './tensorboard';
import {
  crc32cBitwise,
  eventFile,
  frame,
  maskedCrc,
  pb,
  writeEventFile,
  type TbEvent,
} from './tensorboard.testing';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir('backprop-tb-')));
afterEach(() => tmp.cleanup());

const ascii = (s: string) => Buffer.from(s, 'ascii');

describe('CRC-32C', () => {
  it('gives the standard check value for "123456789", in the reader and the test writer', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(crc32cBitwise(ascii('123456789'))).toBe(0xe3069283);
  });

  it('continues over chunks and masks as the test writer does', () => {
    const bytes = ascii('the quick brown fox jumps over the lazy dog');
    expect(crc32c(bytes.subarray(10), crc32c(bytes.subarray(0, 10)))).toBe(crc32cBitwise(bytes));
    expect(maskCrc(crc32c(bytes))).toBe(maskedCrc(bytes));
  });
});

/** PyTorch style: simple_value scalars. */
const torchEvents: TbEvent[] = [
  { wallTime: 1_700_000_001.25, step: 0, values: [{ tag: 'loss', simple: 0.5 }] },
  {
    wallTime: 1_700_000_002.5,
    step: 1,
    values: [
      { tag: 'loss', simple: 0.1 },
      { tag: 'acc', simple: 0.75 },
    ],
  },
  { wallTime: 1_700_000_003, step: 2, values: [{ tag: 'loss', simple: Number.POSITIVE_INFINITY }] },
];

/** TensorFlow 2 style: scalar tensors (float_val, tensor_content, double_val), plus a histogram. */
const tf2Events: TbEvent[] = [
  {
    wallTime: 1_700_000_010,
    step: 5,
    values: [{ tag: 'val/loss', floatVal: 0.3, plugin: 'scalars' }],
  },
  { wallTime: 1_700_000_011, step: 6, values: [{ tag: 'val/loss', contentF32: -2.5 }] },
  { wallTime: 1_700_000_012, step: 7, values: [{ tag: 'lr', doubleVal: 0.1, plugin: 'scalars' }] },
  {
    wallTime: 1_700_000_013,
    step: 7,
    values: [{ tag: 'weights', histogramTensor: [0, 1, 2, 1, 2, 3], plugin: 'histograms' }],
  },
];

describe('readTensorboardLogdir', () => {
  it('reads PyTorch simple_value scalars and TF2 scalar tensors exactly, one run per folder', async () => {
    writeEventFile(join(tmp.dir, 'torch', 'events.out.tfevents.1.host'), eventFile(torchEvents));
    writeEventFile(
      join(tmp.dir, 'tf2', 'train', 'events.out.tfevents.2.host.v2'),
      eventFile(tf2Events),
    );
    const progress: string[] = [];
    const runs = await readTensorboardLogdir(tmp.dir, {
      onProgress: (p) => progress.push(`${p.filesDone}/${p.filesTotal}`),
    });
    expect(progress).toEqual(['1/2', '2/2']);
    expect(runs.map((r) => [r.name, r.source, r.experiment, r.origin])).toEqual([
      ['tf2/train', 'tensorboard', null, join(tmp.dir, 'tf2/train')],
      ['torch', 'tensorboard', null, join(tmp.dir, 'torch')],
    ]);
    // The run's identity for a second import: its real folder, whatever path reached it.
    expect(runs.map((r) => r.sourceId)).toEqual([
      join(realpathSync(tmp.dir), 'tf2/train'),
      join(realpathSync(tmp.dir), 'torch'),
    ]);
    const [tf2, torch] = runs;
    expect(torch.metrics).toEqual([
      { key: 'loss', step: 0, wallTime: 1_700_000_001.25, value: 0.5 },
      { key: 'loss', step: 1, wallTime: 1_700_000_002.5, value: Math.fround(0.1) },
      { key: 'acc', step: 1, wallTime: 1_700_000_002.5, value: 0.75 },
      { key: 'loss', step: 2, wallTime: 1_700_000_003, value: Number.POSITIVE_INFINITY },
    ]);
    expect(torch.startTime).toBe(1_700_000_000_500);
    expect(tf2.metrics).toEqual([
      { key: 'val/loss', step: 5, wallTime: 1_700_000_010, value: Math.fround(0.3) },
      { key: 'val/loss', step: 6, wallTime: 1_700_000_011, value: -2.5 },
      { key: 'lr', step: 7, wallTime: 1_700_000_012, value: 0.1 },
    ]);
  });

  it('keeps a NaN from its float bits, negative and large steps, and skips unknown fields', async () => {
    const unknown = [...pb.string(10, 'writer'), ...pb.varint(99, 123456789), ...pb.float(77, 1)];
    const events: TbEvent[] = [
      {
        wallTime: 1,
        step: -3,
        values: [],
        extra: [
          ...pb.bytes(5, pb.bytes(1, [...pb.string(1, 'nan'), ...pb.floatBits(2, 0x7fc00001)])),
        ],
      },
      { wallTime: 2, step: 2 ** 40, values: [{ tag: 'x', simple: -0 }], extra: unknown },
    ];
    writeEventFile(join(tmp.dir, 'events.out.tfevents.9'), eventFile(events));
    const [run] = await readTensorboardLogdir(tmp.dir);
    expect(run.metrics.map((m) => [m.key, m.step, m.value])).toEqual([
      ['nan', -3, Number.NaN],
      ['x', 2 ** 40, -0],
    ]);
  });

  describe('refuses a malformed file naming it and the offset', () => {
    const file = () => join(tmp.dir, 'run', 'events.out.tfevents.1');
    const good = () => eventFile(torchEvents);

    it('a record cut short', async () => {
      const bytes = good();
      writeEventFile(file(), bytes.subarray(0, bytes.length - 7));
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        new RegExp(`^${file()} \\(record at byte \\d+\\): truncated: the record declares`),
      );
    });

    it('a header cut short', async () => {
      writeEventFile(file(), Buffer.concat([good(), Buffer.from([1, 2, 3])]));
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        `${file()} (record at byte ${good().length}): truncated: the header has 3 of 12 bytes`,
      );
    });

    it('a data CRC that does not match', async () => {
      const bytes = good();
      bytes[bytes.length - 10] ^= 0x01; // inside the last record's data
      writeEventFile(file(), bytes);
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        /record at byte \d+\): the record's data CRC is 0x[0-9A-F]{8} but/,
      );
    });

    it('a length CRC that does not match', async () => {
      const bytes = good();
      bytes[0] ^= 0x01;
      writeEventFile(file(), bytes);
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        `${file()} (record at byte 0): the record header's CRC`,
      );
    });

    it('a record whose Event is not valid protobuf', async () => {
      const broken = Buffer.from([0x0a, 0x05, 1, 2]); // field 1 as bytes of length 5, 2 present
      writeEventFile(file(), Buffer.concat([good(), frame(broken)]));
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        new RegExp(
          `^${file()} \\(byte \\d+\\): not a valid Event: field 1 \\(Event.wall_time\\) has wire type 2`,
        ),
      );
    });

    it('a record declaring more than the limit for one record, before reading it', async () => {
      const header = Buffer.alloc(12);
      header.writeBigUInt64LE(BigInt(300 * 1024 ** 2));
      header.writeUInt32LE(maskedCrc(header.subarray(0, 8)), 8);
      writeEventFile(file(), Buffer.concat([good(), header]));
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        `${file()} (record at byte ${good().length}): the record declares 300 MiB, more than the 256 MiB limit for one record`,
      );
    });

    it('a FIFO named like an event file', async () => {
      execFileSync('mkfifo', [join(tmp.dir, 'events.out.tfevents.fifo')]);
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        `${join(tmp.dir, 'events.out.tfevents.fifo')}: is a FIFO (named pipe), expected a regular file`,
      );
    });

    it('a folder with no event files, and a path that is a file', async () => {
      await expect(readTensorboardLogdir(tmp.dir)).rejects.toThrow(
        'holds no TensorBoard event files',
      );
      writeFileSync(join(tmp.dir, 'plain'), 'x');
      await expect(readTensorboardLogdir(join(tmp.dir, 'plain'))).rejects.toThrow(
        'is a file, expected a TensorBoard log folder',
      );
    });
  });
});
