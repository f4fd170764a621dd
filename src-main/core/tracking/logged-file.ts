/**
 * Files logged through the logging API (tracking.logFile): weights and other arrays as NumPy
 * `.npy` / `.npz`, anything else as JSON. The bytes come from a user's process, so they are
 * checked here, at the boundary, before anything is stored: the name, the size, and that the
 * content is what its extension says (an .npy header that matches its data; an .npz whose every
 * member is such an .npy; JSON that parses within the nesting limit). A refusal names the file and
 * what was expected.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../../src-shared/base/validation';
import { jsonShape, MAX_JSON_DEPTH } from '../../../src-shared/base/json-depth';
import { parseNpy } from '../../../src-shared/report/npy';
import type { LoggedFileArray, LoggedFileKind } from '../../../src-shared/contract/types';
import { readZip } from '../reports/npz';

/** The largest file one call may log: its base64 text stays under the HTTP body limit. */
export const MAX_LOGGED_FILE_BYTES = 64 * 1024 * 1024;
/** The most an .npz may unzip to (a small zip can expand a thousandfold). */
export const MAX_NPZ_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** The most values a logged JSON file may hold: a config or a summary, not a data set. */
export const MAX_JSON_VALUES = 1_000_000;

/** A file that passed every check: what the store keeps of it. */
export interface CheckedFile {
  name: string;
  kind: LoggedFileKind;
  bytes: Uint8Array;
  size: number;
  sha256: string;
  arrays: LoggedFileArray[];
}

const KINDS: Record<string, LoggedFileKind> = { '.npy': 'npy', '.npz': 'npz', '.json': 'json' };

/** Checks a logged file; throws a ValidationError naming it and what was expected. */
export function checkLoggedFile(name: string, bytes: Uint8Array, field = 'name'): CheckedFile {
  const kind = kindOf(name, field);
  const refuse = (message: string): never => {
    throw new ValidationError(`File "${name}": ${message}`, [{ path: field, message }]);
  };
  if (bytes.length > MAX_LOGGED_FILE_BYTES)
    refuse(
      `expected at most ${MAX_LOGGED_FILE_BYTES / 1024 / 1024} MiB, got ${bytes.length} bytes`,
    );
  let arrays: LoggedFileArray[] = [];
  try {
    arrays = arraysOf(kind, name, bytes);
  } catch (error) {
    refuse((error as Error).message);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { name, kind, bytes, size: bytes.length, sha256, arrays };
}

/** The file's kind from its extension, after the name's own checks. */
export function kindOf(name: string, field = 'name'): LoggedFileKind {
  const problem = nameProblem(name);
  if (problem) {
    const shown = JSON.stringify(name.slice(0, 100));
    throw new ValidationError(`File ${shown}: ${problem}`, [{ path: field, message: problem }]);
  }
  return KINDS[name.slice(name.lastIndexOf('.')).toLowerCase()];
}

/** Why a name cannot be a logged file's, or null: one plain file name (it becomes a download's
 * name on someone's disk), ending in .npy, .npz or .json. */
export function nameProblem(name: string): string | null {
  if (name.length === 0 || name.length > 200) return 'a file name must be 1 to 200 characters';
  if (UNSAFE_CHARACTER.test(name))
    return 'a file name must not hold control characters (line breaks, terminal codes, direction overrides)';
  if (name.includes('/') || name.includes('\\'))
    return 'a file name must not hold a path separator (/ or \\): give the name only';
  if (name.includes('..') || name.startsWith('.'))
    return 'a file name must not hold ".." or start with "."';
  if (!KINDS[name.slice(name.lastIndexOf('.')).toLowerCase()])
    return 'a file name must end in .npy, .npz or .json';
  if (WINDOWS_RESERVED.test(name))
    return 'a file name must be one Windows can save too: none of < > : " | ? * and not CON, PRN, AUX, NUL, COM1-9 or LPT1-9';
  return null;
}

/** C0 and C1 controls (a terminal runs C1's CSI), DEL, line and paragraph separators, and the
 * bidirectional marks and overrides that make "evil\u202Eyspn.json" read as "eviljson.npy". */
const UNSAFE_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
/** Characters Windows refuses in file names, and its device names (with any extension). */
const WINDOWS_RESERVED = /[<>:"|?*]|^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.|$)/i;

function arraysOf(kind: LoggedFileKind, name: string, bytes: Uint8Array): LoggedFileArray[] {
  if (kind === 'npy') return [{ name: name.slice(0, -4), ...arrayInfo(bytes) }];
  if (kind === 'npz') return npzArrays(bytes);
  checkJson(bytes);
  return [];
}

function arrayInfo(bytes: Uint8Array): Omit<LoggedFileArray, 'name'> {
  const { dtype, shape, fortranOrder } = parseNpy(bytes);
  return { dtype, shape, fortranOrder };
}

/** Every member must be `<array name>.npy` holding a valid .npy, as numpy.savez writes. */
function npzArrays(bytes: Uint8Array): LoggedFileArray[] {
  const members = readZip(bytes, MAX_NPZ_UNZIPPED_BYTES);
  if (members.length === 0) throw new Error('expected an .npz holding at least one array');
  return members.map((member) => {
    const arrayName = member.name.slice(0, -4);
    if (
      !member.name.endsWith('.npy') ||
      !arrayName ||
      /[/\\]/.test(arrayName) ||
      UNSAFE_CHARACTER.test(arrayName)
    )
      throw new Error(
        `expected only "<name>.npy" members, found ${JSON.stringify(member.name).replace(UNSAFE_GLOBAL, escaped)}`,
      );
    try {
      return { name: member.name.slice(0, -4), ...arrayInfo(member.bytes) };
    } catch (error) {
      throw new Error(`member "${member.name}": ${(error as Error).message}`, { cause: error });
    }
  });
}

const UNSAFE_GLOBAL = new RegExp(UNSAFE_CHARACTER.source, 'gu');
/** A character shown as its code, so a name in a message cannot reorder or break the text. */
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function checkJson(bytes: Uint8Array): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('expected JSON in UTF-8, found bytes that are not UTF-8');
  }
  const { depth, values } = jsonShape(text);
  if (depth > MAX_JSON_DEPTH)
    throw new Error(
      `the JSON nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} levels are allowed`,
    );
  if (values > MAX_JSON_VALUES)
    throw new Error(
      `expected at most ${MAX_JSON_VALUES} values in a JSON file (log large arrays as .npy), got more`,
    );
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`expected JSON: ${(error as Error).message}`, { cause: error });
  }
}
