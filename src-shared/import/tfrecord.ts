/**
 * TFRecord framing, the container of TensorBoard event files: each record is
 *   uint64 length (little-endian) · uint32 masked CRC-32C of those 8 bytes · length bytes of data ·
 *   uint32 masked CRC-32C of the data.
 * The reader of the file (src-main/import) reads a header, then the data and its footer, and asks
 * these functions whether they hold together.
 */
import { crc32c, maskCrc } from './crc32c';

export const RECORD_HEADER_BYTES = 12;
export const RECORD_FOOTER_BYTES = 4;

/** The data length a record header declares, after checking the header's own CRC; throws a
 * sentence (without the file, which the caller adds) when the header is corrupt. */
export function recordLength(header: Uint8Array): number {
  const view = new DataView(header.buffer, header.byteOffset, RECORD_HEADER_BYTES);
  const expected = view.getUint32(8, true);
  const actual = maskCrc(crc32c(header.subarray(0, 8)));
  if (actual !== expected)
    throw new Error(
      `the record header's CRC is ${hex(expected)} but its length bytes give ${hex(actual)} (corrupt or not a TFRecord file)`,
    );
  const length = view.getBigUint64(0, true);
  if (length > BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`the record header declares ${length} bytes`);
  return Number(length);
}

/** Throws a sentence when the footer's masked CRC does not match the data. */
export function checkRecordData(data: Uint8Array, footer: Uint8Array): void {
  const view = new DataView(footer.buffer, footer.byteOffset, RECORD_FOOTER_BYTES);
  const expected = view.getUint32(0, true);
  const actual = maskCrc(crc32c(data));
  if (actual !== expected)
    throw new Error(
      `the record's data CRC is ${hex(expected)} but its ${data.length} bytes give ${hex(actual)} (corrupt data)`,
    );
}

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
}
