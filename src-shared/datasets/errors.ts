import { RequestRefused, type RefusalKind } from '../base/errors';

/**
 * The one error type dataset parsing throws: it names the file (or source) and what was
 * expected versus what was found. The file is the caller's (a path they gave, a dataset they
 * chose), so it refuses the request: 'not-found' when the file or folder is not there, else
 * 'invalid' (the API answers 404 or 400, server.ts).
 */
export class DatasetError extends RequestRefused {
  override name = 'DatasetError';
  constructor(
    readonly file: string,
    readonly detail: string,
    kind: RefusalKind = 'invalid',
  ) {
    super(kind, `${file}: ${detail}`);
  }
}
