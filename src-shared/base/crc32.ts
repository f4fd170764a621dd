/**
 * Table-driven reflected CRC-32 for any polynomial: PNG chunks use 0xEDB88320 (CRC-32, ISO-HDLC),
 * TFRecord framing 0x82F63B78 (CRC-32C, Castagnoli). Both start from all ones and end inverted.
 */

/** The CRC function of a reflected polynomial; pass the previous result as `crc` to continue
 * over several chunks. */
export function reflectedCrc32(polynomial: number): (bytes: Uint8Array, crc?: number) => number {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (bytes, crc = 0) => {
    let c = ~crc >>> 0;
    for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
  };
}
