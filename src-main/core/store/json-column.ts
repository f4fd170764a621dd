/**
 * JSON columns. Values are written in the wire encoding (NaN and ±Infinity as {"$num": ...});
 * reading uses the slower reviver only for text that holds such a value, which keeps listing
 * 10,000 runs (each with its config and summary) fast.
 */
import { decodeWire, encodeWire } from '../../../src-shared/base/wire';

export const writeJson = encodeWire;

export function readJson<T>(text: string): T {
  return text.includes('"$num"') ? decodeWire<T>(text) : (JSON.parse(text) as T);
}
