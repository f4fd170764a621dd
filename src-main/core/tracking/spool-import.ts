/**
 * Importing logging clients' spool files (format: src-shared/contract/tracking-spool.ts) into the
 * store. Only the holder of the store's lease calls this: the owner at start and every few
 * seconds, a reader when no owner is alive. A file is imported only once its writer has exited
 * (a live client replays its own file), its calls in order, then deleted; a file the owner dies
 * in the middle of is imported again whole, which stores nothing twice (every call idempotent).
 */
import { appendFileSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contractSchemas } from '../../../src-shared/contract/schemas';
import { isMethodId } from '../../../src-shared/contract/dispatch';
import {
  parseSpoolFileName,
  spoolDirOf,
  type SpoolLine,
} from '../../../src-shared/contract/tracking-spool';
import { decodeWire } from '../../../src-shared/base/wire';
import { parseOrThrow, ValidationError } from '../../../src-shared/base/validation';
import { messageOf } from '../../../src-shared/base/errors';
import type { TrackingService } from '../../../src-shared/contract/services';
import type { TrackingWriter } from '../services/tracking-service';

export interface SpoolImport {
  /** Files imported and deleted. */
  imported: string[];
  /** Files set aside as <file>.rejected, with why (a call the API refuses would fail forever). */
  rejected: { file: string; message: string }[];
}

export function importSpools(
  dbPath: string,
  writer: TrackingWriter,
  isAlive: (pid: number) => boolean = processIsAlive,
): SpoolImport {
  const dir = spoolDirOf(dbPath);
  const result: SpoolImport = { imported: [], rejected: [] };
  for (const name of listDir(dir).sort()) {
    const parsed = parseSpoolFileName(name);
    if (!parsed || isAlive(parsed.pid)) continue;
    const file = join(dir, name);
    try {
      // All of a file or none of it: a refused file is set aside with nothing of it stored. Only
      // a logged file the checks refuse is set aside alone, so the run's metrics still arrive.
      const refused = writer.atomically(() => replay(readFileSync(file, 'utf8'), writer));
      if (refused.length > 0) {
        appendFileSync(`${file}.rejected`, refused.map((r) => `${r.line}\n`).join(''));
        for (const r of refused) result.rejected.push({ file, message: r.message });
      }
      rmSync(file, { force: true });
      result.imported.push(file);
    } catch (error) {
      renameSync(file, `${file}.rejected`);
      result.rejected.push({ file, message: messageOf(error) });
    }
  }
  return result;
}

/** Applies each complete line's call in order. A last line without its newline was being
 * written when its client died: that call never returned to the user, and is left out. Returns
 * the logFile calls whose file the checks refused (nothing of them is stored). */
function replay(text: string, writer: TrackingWriter): { line: string; message: string }[] {
  const refused: { line: string; message: string }[] = [];
  const lines = text.split('\n');
  lines.pop();
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const { method, args } = decodeWire<SpoolLine>(line);
    const [service, name] = String(method).split('.');
    if (!isMethodId(method) || service !== 'tracking')
      throw new Error(`line ${i + 1}: "${String(method)}" is not a tracking method`);
    const [input] = parseOrThrow(contractSchemas[method], args, `line ${i + 1}`);
    try {
      (writer[name as keyof TrackingService] as (input: unknown) => unknown)(input);
    } catch (error) {
      if (method !== 'tracking.logFile' || !(error instanceof ValidationError)) throw error;
      refused.push({ line, message: `line ${i + 1}: ${error.message}` });
    }
  }
  return refused;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Whether a process of this machine lives (EPERM: it does, owned by another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner's import: now, then every `intervalMs`, telling `warn` about rejected files. */
export function startSpoolImport(
  dbPath: string,
  writer: TrackingWriter,
  warn: (message: string) => void,
  intervalMs = 2000,
): { stop(): void } {
  const run = () => {
    try {
      for (const r of importSpools(dbPath, writer).rejected)
        warn(
          `a logging client's spool call was refused and kept in ${r.file}.rejected: ${r.message}`,
        );
    } catch (error) {
      warn(`importing logging clients' spool files failed: ${messageOf(error)}`);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
