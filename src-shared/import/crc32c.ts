/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum TFRecord framing uses, and
 * TensorFlow's "masked" form of it (rotated and offset so a CRC stored inside checksummed data
 * does not checksum to a fixed value). crc32c("123456789") = 0xE3069283.
 */
import { reflectedCrc32 } from '../base/crc32';

/** The CRC-32C of `bytes`; pass the previous result as `crc` to continue over several chunks. */
export const crc32c = reflectedCrc32(0x82f63b78);

const MASK_DELTA = 0xa282ead8;

/** TensorFlow's masked CRC: ((crc >>> 15) | (crc << 17)) + 0xa282ead8, modulo 2^32. */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}
