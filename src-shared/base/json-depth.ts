/**
 * A nesting limit checked on the JSON text before it is parsed: JSON.parse copes with deep
 * nesting, but everything that walks the value afterwards (schemas, clones, the store) recurses
 * and would end in "Maximum call stack size exceeded". No valid payload of ours nests deeper than
 * about ten levels.
 */

export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in `text` (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  return jsonShape(text).depth;
}

/**
 * The nesting depth and about how many values `text` holds — its arrays, objects and commas
 * outside strings — read without parsing, so a caller can refuse millions of tiny values before
 * JSON.parse builds them (22 million "{}" in 64 MiB took 70 s and 1.5 GB of heap).
 */
export function jsonShape(text: string): { depth: number; values: number } {
  let depth = 0;
  let deepest = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      deepest = Math.max(deepest, ++depth);
      values++;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c) values++;
  }
  return { depth: deepest, values };
}

/** The sentence for text nested deeper than `limit`, or null when it is within it. */
export function tooDeepMessage(text: string, what: string, limit = MAX_JSON_DEPTH): string | null {
  const depth = jsonDepth(text);
  return depth > limit
    ? `${what} nests ${depth} levels deep; at most ${limit} levels are allowed`
    : null;
}
