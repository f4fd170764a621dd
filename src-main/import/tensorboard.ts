/**
 * A TensorBoard log folder → one ImportedRun per folder holding event files
 * (events.out.tfevents.*), named by its path below the log folder as TensorBoard names runs. Each
 * file is read record by record (TFRecord framing, CRC-32C checked), so memory holds one record at
 * a time plus the scalars kept. Scalars are Summary values with a simple_value (PyTorch) or a
 * one-element DT_FLOAT / DT_DOUBLE tensor (TensorFlow 2), except values of tags whose metadata
 * names another plugin than "scalars" (histograms, images, text, …).
 */
import { realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ImportError, type ImportedRun } from '../../src-shared/import/imported-run';
import { ProtoError } from '../../src-shared/import/protobuf-wire';
import { decodeEvent, type DecodedEvent } from '../../src-shared/import/tb-event';
import {
  RECORD_FOOTER_BYTES,
  RECORD_HEADER_BYTES,
  checkRecordData,
  recordLength,
} from '../../src-shared/import/tfrecord';
import { PointBudget, type ReadOptions } from './import-progress';
import {
  ChunkedReader,
  MAX_IMPORTED_POINTS,
  filesBelow,
  openSourceFile,
  requireFolder,
} from './source-files';
import { formatBytes } from '../datasets/files';

/** The largest record read: event records are small; a huge one is a corrupt length. */
export const MAX_RECORD_BYTES = 256 * 1024 ** 2;

/** TensorBoard's own test for an event file. */
export const isEventFileName = (name: string): boolean => name.includes('tfevents');

export async function readTensorboardLogdir(
  root: string,
  options: ReadOptions = {},
): Promise<ImportedRun[]> {
  await requireFolder(root, 'a TensorBoard log folder');
  const files = (await filesBelow(root)).filter((f) => isEventFileName(basename(f)));
  if (files.length === 0)
    throw new ImportError(root, 'holds no TensorBoard event files (events.out.tfevents.*)');
  const budget = new PointBudget(MAX_IMPORTED_POINTS, tooManyPoints);
  const realRoot = await realpath(root);
  const runs = new Map<string, RunBuilder>();
  for (const [i, file] of files.entries()) {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    let run = runs.get(folder);
    if (!run) {
      run = new RunBuilder(runName(root, folder), join(root, folder), join(realRoot, folder));
      runs.set(folder, run);
    }
    await readEventFile(join(root, file), run, budget);
    options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, file: join(root, file) });
  }
  return [...runs.values()].map((run) => run.build());
}

function runName(root: string, folder: string): string {
  return folder === '' ? basename(resolve(root)) : folder;
}

function tooManyPoints(file: string, limit: number): ImportError {
  return new ImportError(
    file,
    `brings the import past ${limit.toLocaleString('en-US')} values, the most one import keeps; import fewer runs at a time`,
  );
}

/** Collects one run's scalars across its event files. */
class RunBuilder {
  private readonly metrics: ImportedRun['metrics'] = [];
  /** The plugin each tag's metadata named (writers send it with a tag's first value). */
  private readonly plugins = new Map<string, string>();
  private startSeconds = Number.POSITIVE_INFINITY;

  constructor(
    private readonly name: string,
    private readonly origin: string,
    private readonly sourceId: string,
  ) {}

  add(event: DecodedEvent, file: string, budget: PointBudget): void {
    if (event.wallTimeSeconds < this.startSeconds) this.startSeconds = event.wallTimeSeconds;
    for (const value of event.values) {
      if (value.pluginName !== undefined && !this.plugins.has(value.tag))
        this.plugins.set(value.tag, value.pluginName);
      const plugin = this.plugins.get(value.tag);
      if (value.scalar === undefined || (plugin !== undefined && plugin !== 'scalars')) continue;
      budget.spend(file);
      this.metrics.push({
        key: value.tag,
        step: event.step,
        wallTime: event.wallTimeSeconds,
        value: value.scalar,
      });
    }
  }

  build(): ImportedRun {
    const run: ImportedRun = {
      source: 'tensorboard',
      name: this.name,
      experiment: null,
      params: {},
      tags: {},
      metrics: this.metrics,
      origin: this.origin,
      sourceId: this.sourceId,
    };
    if (Number.isFinite(this.startSeconds)) run.startTime = this.startSeconds * 1000;
    return run;
  }
}

/** Reads every record of one event file into `run`; refuses the file at the first bad byte. */
async function readEventFile(path: string, run: RunBuilder, budget: PointBudget): Promise<void> {
  const handle = await openSourceFile(path, 'events');
  try {
    const reader = new ChunkedReader(handle);
    for (;;) {
      const start = reader.offset;
      const header = await reader.take(RECORD_HEADER_BYTES);
      if (header.length === 0) return;
      const data = await recordData(path, reader, header, start);
      run.add(decodeAt(path, data, start + RECORD_HEADER_BYTES), path, budget);
    }
  } finally {
    await handle.close();
  }
}

async function recordData(
  path: string,
  reader: ChunkedReader,
  header: Uint8Array,
  start: number,
): Promise<Uint8Array> {
  const where = `record at byte ${start}`;
  if (header.length < RECORD_HEADER_BYTES)
    throw new ImportError(
      path,
      `truncated: the header has ${header.length} of ${RECORD_HEADER_BYTES} bytes`,
      where,
    );
  const length = framed(path, where, () => recordLength(header));
  if (length > MAX_RECORD_BYTES)
    throw new ImportError(
      path,
      `the record declares ${formatBytes(length)}, more than the ${formatBytes(MAX_RECORD_BYTES)} limit for one record`,
      where,
    );
  // One read for data and footer; copied, since the reader reuses its buffer.
  const body = (await reader.take(length + RECORD_FOOTER_BYTES)).slice();
  if (body.length < length + RECORD_FOOTER_BYTES)
    throw new ImportError(
      path,
      `truncated: the record declares ${length} bytes of data and a 4-byte CRC, but the file ends after ${body.length}`,
      where,
    );
  const data = body.subarray(0, length);
  framed(path, where, () => checkRecordData(data, body.subarray(length)));
  return data;
}

function framed<T>(path: string, where: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new ImportError(path, (error as Error).message, where);
  }
}

/** Decodes one Event, turning a wire-format error into the file and its byte offset. */
function decodeAt(path: string, data: Uint8Array, dataOffset: number): DecodedEvent {
  try {
    return decodeEvent(data);
  } catch (error) {
    if (!(error instanceof ProtoError)) throw error;
    const at = dataOffset + error.offset - data.byteOffset;
    throw new ImportError(path, `not a valid Event: ${error.message}`, `byte ${at}`);
  }
}
