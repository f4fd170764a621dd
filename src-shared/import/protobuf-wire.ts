/**
 * The protocol buffer wire format, as much of it as reading TensorBoard events needs: field keys,
 * varints, 32- and 64-bit fixed values, length-delimited bytes, and skipping any field by its wire
 * type (so fields a newer writer adds are passed over). Offsets in errors count from the start of
 * the underlying ArrayBuffer (nested messages are subarrays of it), so the caller can turn them
 * into a position in the file.
 */

export const WireType = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 };

export class ProtoError extends Error {
  override name = 'ProtoError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface FieldKey {
  field: number;
  wireType: number;
}

/** The largest varint of 64 bits takes 10 bytes. */
const MAX_VARINT_BYTES = 10;

const utf8 = new TextDecoder('utf-8');

export class WireReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Where the reader is, counted from the start of the underlying ArrayBuffer. */
  get offset(): number {
    return this.bytes.byteOffset + this.pos;
  }

  done(): boolean {
    return this.pos >= this.bytes.length;
  }

  key(): FieldKey {
    const at = this.offset;
    const key = this.varint();
    const field = Math.floor(key / 8);
    if (field === 0) throw new ProtoError('a field number 0 (not valid protobuf)', at);
    return { field, wireType: key % 8 };
  }

  /** An unsigned varint that fits a double exactly (lengths, keys, enums, bools). */
  varint(): number {
    const at = this.offset;
    const big = this.varintBig();
    if (big > BigInt(Number.MAX_SAFE_INTEGER))
      throw new ProtoError(`a varint of ${big} is larger than this field allows`, at);
    return Number(big);
  }

  /** An int64 field: negative values are 10-byte two's complement varints. */
  int64(): number {
    const at = this.offset;
    const value = BigInt.asIntN(64, this.varintBig());
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
      throw new ProtoError(`the int64 ${value} is beyond ±2^53, which cannot be kept exactly`, at);
    return Number(value);
  }

  private varintBig(): bigint {
    const at = this.offset;
    let value = 0n;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte(at);
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, value);
    }
    throw new ProtoError('a varint longer than 10 bytes', at);
  }

  private byte(start: number): number {
    if (this.pos >= this.bytes.length)
      throw new ProtoError('the message ends inside a varint', start);
    return this.bytes[this.pos++];
  }

  double(): number {
    const at = this.take(8);
    return this.view.getFloat64(at, true);
  }

  float(): number {
    const at = this.take(4);
    return this.view.getFloat32(at, true);
  }

  lengthDelimited(): Uint8Array {
    const length = this.varint();
    const at = this.take(length);
    return this.bytes.subarray(at, at + length);
  }

  string(): string {
    return utf8.decode(this.lengthDelimited());
  }

  /** Passes over one field's value of any wire type; groups are refused (no TensorBoard proto uses them). */
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varintBig();
    else if (wireType === WireType.fixed64) this.take(8);
    else if (wireType === WireType.bytes) this.lengthDelimited();
    else if (wireType === WireType.fixed32) this.take(4);
    else
      throw new ProtoError(`wire type ${wireType}, which no TensorBoard event uses`, this.offset);
  }

  /** Advances over `n` bytes; returns where they start. */
  private take(n: number): number {
    const at = this.pos;
    if (n > this.bytes.length - at)
      throw new ProtoError(
        `the message ends ${n - (this.bytes.length - at)} bytes early`,
        this.offset,
      );
    this.pos += n;
    return at;
  }
}

/** Reads every field of a message, calling `onField` for those it knows; skips the rest. */
export function readFields(
  bytes: Uint8Array,
  onField: (reader: WireReader, key: FieldKey) => boolean,
): void {
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const key = reader.key();
    if (!onField(reader, key)) reader.skip(key.wireType);
  }
}

/** Throws unless a known field arrived with the wire type its .proto declares. */
export function expectWireType(
  reader: WireReader,
  key: FieldKey,
  wireType: number,
  name: string,
): void {
  if (key.wireType !== wireType)
    throw new ProtoError(
      `field ${key.field} (${name}) has wire type ${key.wireType}, expected ${wireType}`,
      reader.offset,
    );
}
