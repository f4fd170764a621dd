/**
 * Files logged with runs (run_files): checked before they get here (core/tracking/logged-file.ts).
 * A (run, name) holds one file: the same bytes again change nothing, other bytes are refused, so
 * a replayed call stores once and a file, once logged, stays what it was.
 */
import type Database from 'better-sqlite3';
import type {
  LoggedFileArray,
  LoggedFileContent,
  LoggedFileInfo,
  LoggedFileKind,
} from '../../../src-shared/contract/types';
import { ValidationError } from '../../../src-shared/base/validation';
import { readJson, writeJson } from './json-column';

/** What the store keeps of a checked file. */
export interface RunFileWrite {
  name: string;
  kind: LoggedFileKind;
  bytes: Uint8Array;
  size: number;
  sha256: string;
  arrays: LoggedFileArray[];
  time: number;
}

interface FileRow {
  name: string;
  kind: LoggedFileKind;
  size: number;
  sha256: string;
  arrays: string;
  time: number;
}

const infoOf = (row: FileRow): LoggedFileInfo => ({
  ...row,
  arrays: readJson<LoggedFileArray[]>(row.arrays),
});

export function createRunFilesRepo(db: Database.Database) {
  const insertRow = db.prepare(`INSERT INTO run_files
      (run_id, name, kind, size, sha256, arrays, time, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectHash = db.prepare('SELECT sha256 FROM run_files WHERE run_id = ? AND name = ?');
  const selectList = db.prepare(
    'SELECT name, kind, size, sha256, arrays, time FROM run_files WHERE run_id = ? ORDER BY name',
  );
  const selectOne = db.prepare(
    'SELECT name, kind, size, sha256, arrays, time, content FROM run_files WHERE run_id = ? AND name = ?',
  );

  return {
    /** Stores the file; false when the run already holds these very bytes under this name.
     * Throws a ValidationError when it holds other bytes under it. */
    insert(runId: number, file: RunFileWrite): boolean {
      const existing = selectHash.pluck().get(runId, file.name) as string | undefined;
      if (existing === file.sha256) return false;
      if (existing !== undefined) {
        const message = `the run already has a different file named "${file.name}" (files are never replaced): log this one under another name, e.g. with the step in it`;
        throw new ValidationError(`File "${file.name}": ${message}`, [{ path: 'name', message }]);
      }
      insertRow.run(
        runId,
        file.name,
        file.kind,
        file.size,
        file.sha256,
        writeJson(file.arrays),
        file.time,
        Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      );
      return true;
    },
    list(runId: number): LoggedFileInfo[] {
      return (selectList.all(runId) as FileRow[]).map(infoOf);
    },
    /** One file with its bytes, or undefined. */
    get(runId: number, name: string): LoggedFileContent | undefined {
      const row = selectOne.get(runId, name) as (FileRow & { content: Buffer }) | undefined;
      if (!row) return undefined;
      const { content, ...info } = row;
      return { ...infoOf(info), contentBase64: content.toString('base64') };
    },
  };
}

export type RunFilesRepo = ReturnType<typeof createRunFilesRepo>;
