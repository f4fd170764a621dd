/**
 * Base64 text as the boundary accepts it: standard alphabet, padded, nothing else. Node's
 * Buffer.from(text, 'base64') silently skips characters outside the alphabet, so text that is
 * not base64 would decode to other bytes than the sender meant; a schema checks it first.
 */

// One character class repeated: a pattern of 4-character groups, (?:[…]{4})*, overflows V8's
// regexp stack on text of a few MiB (a 4 MiB file's base64 threw RangeError).
const ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whole base64: the alphabet, at most two "=" at the end, a multiple of 4 characters. */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && ALPHABET.test(text);
}
