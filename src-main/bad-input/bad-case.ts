/** One entry of the bad-input catalogue: a contract call over HTTP that must be refused. */
import { encodeWire } from '../../src-shared/base/wire';

export interface BadCase {
  name: string;
  /** "service.method" as in POST /api/call/<method>. */
  method: string;
  /** The raw request body; a function when files must be written first (into `dir`). */
  body: string | ((dir: string) => string);
  /** Expected HTTP status: 400 for a malformed payload, 404 for something that does not exist, 409
   * for a request the state refuses (RequestRefused), 500 for a failure inside a service. */
  status: number;
  /** What the error message must say: the field or file, and what was wrong. */
  error: RegExp;
}

/** The JSON body for a call with these arguments (NaN and ±Infinity survive, as on the wire). */
export const args = (...values: unknown[]): string => encodeWire(values);
