/** Reading a JSON file the user named, with one sentence when it cannot be read or parsed. */
import { readFileSync } from 'node:fs';
import { tooDeepMessage } from '../../../src-shared/base/json-depth';
import { messageOf } from '../../../src-shared/base/errors';

/** The bytes of a file the user named, or one sentence saying why it cannot be read. */
export function readUserFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : String(code ?? error);
    throw new Error(`Cannot read the ${what} file ${path}: ${reason}`, { cause: error });
  }
}

/** The parsed JSON of a file the user named. A leading byte-order mark (editors on Windows write
 * one) is dropped; nesting deeper than the stated limit is refused before parsing. */
export function readJsonFile(path: string, what: string): unknown {
  const text = readUserFile(path, what)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const tooDeep = tooDeepMessage(text, `The ${what} file ${path}`);
  if (tooDeep) throw new Error(tooDeep);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`The ${what} file ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Prefixes a validation message with the file it came from. */
export function inFile(path: string, error: unknown): Error {
  const message = messageOf(error);
  return new Error(`${path}: ${message}`);
}
