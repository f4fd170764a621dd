/**
 * JSON with the numbers JSON cannot carry: NaN, Infinity and -Infinity travel as
 * {"$num":"NaN"} so a diverged run's metrics survive every transport and the store unchanged.
 * Decoding accepts exactly what encoding produces: {"$num":"0x10"} is an error, not 16.
 */

/** The strings encodeWire writes for the numbers JSON lacks. */
const WIRE_NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

export class WireError extends Error {
  override name = 'WireError';
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v,
  );
}

export function decodeWire<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, '$num')) {
      return wireNumber(v as Record<string, unknown>);
    }
    return v;
  }) as T;
}

function wireNumber(v: Record<string, unknown>): number {
  const text = v.$num;
  const keys = Object.keys(v);
  if (keys.length !== 1 || typeof text !== 'string' || !Object.hasOwn(WIRE_NUMBERS, text)) {
    throw new WireError(
      `${JSON.stringify(v).slice(0, 80)} is not a wire number: expected exactly {"$num": "NaN"}, {"$num": "Infinity"} or {"$num": "-Infinity"}`,
    );
  }
  return WIRE_NUMBERS[text];
}
