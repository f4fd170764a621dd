/** Reading a JSON file the user named, with one sentence when it cannot be read or parsed. */
import { readFileSync } from 'node:fs';

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${path}: ${message}`);
}
