/** The one error type dataset parsing throws: it names the file (or source) and what was
 * expected versus what was found. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}
