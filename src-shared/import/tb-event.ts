/**
 * TensorBoard's Event protocol buffer (tensorboard/compat/proto/event.proto, summary.proto,
 * tensor.proto), read for its scalars: Event.wall_time (1, double seconds), step (2, int64),
 * file_version (3), summary (5) → Summary.value (1) → Value.tag (1), simple_value (2, float: what
 * PyTorch's SummaryWriter writes), metadata (9) → plugin_data (1) → plugin_name (1), and tensor (8:
 * what TensorFlow 2 writes) → TensorProto.dtype (1), tensor_shape (2) → dim (2) → size (1),
 * tensor_content (4), float_val (5), double_val (6). Everything else is skipped by wire type.
 */
import {
  ProtoError,
  WireType,
  expectWireType,
  readFields,
  type FieldKey,
  type WireReader,
} from './protobuf-wire';

/** One Summary.Value: its number when it is a scalar, undefined for images, histograms, text…. */
export interface EventValue {
  tag: string;
  /** SummaryMetadata.plugin_data.plugin_name, which writers send with a tag's first value. */
  pluginName?: string;
  scalar?: number;
}

export interface DecodedEvent {
  wallTimeSeconds: number;
  step: number;
  fileVersion?: string;
  values: EventValue[];
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;

export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const event: DecodedEvent = { wallTimeSeconds: 0, step: 0, values: [] };
  readFields(bytes, (r, key) => {
    if (key.field === 1) {
      expectWireType(r, key, WireType.fixed64, 'Event.wall_time');
      event.wallTimeSeconds = r.double();
    } else if (key.field === 2) {
      expectWireType(r, key, WireType.varint, 'Event.step');
      event.step = r.int64();
    } else if (key.field === 3) {
      expectWireType(r, key, WireType.bytes, 'Event.file_version');
      event.fileVersion = r.string();
    } else if (key.field === 5) {
      expectWireType(r, key, WireType.bytes, 'Event.summary');
      event.values.push(...decodeSummary(r.lengthDelimited()));
    } else return false;
    return true;
  });
  return event;
}

function decodeSummary(bytes: Uint8Array): EventValue[] {
  const values: EventValue[] = [];
  readFields(bytes, (r, key) => {
    if (key.field !== 1) return false;
    expectWireType(r, key, WireType.bytes, 'Summary.value');
    values.push(decodeValue(r.lengthDelimited()));
    return true;
  });
  return values;
}

function decodeValue(bytes: Uint8Array): EventValue {
  const value: EventValue = { tag: '' };
  readFields(bytes, (r, key) => {
    if (key.field === 1) {
      expectWireType(r, key, WireType.bytes, 'Summary.Value.tag');
      value.tag = r.string();
    } else if (key.field === 2) {
      expectWireType(r, key, WireType.fixed32, 'Summary.Value.simple_value');
      value.scalar = r.float();
    } else if (key.field === 8) {
      expectWireType(r, key, WireType.bytes, 'Summary.Value.tensor');
      value.scalar = decodeScalarTensor(r.lengthDelimited());
    } else if (key.field === 9) {
      expectWireType(r, key, WireType.bytes, 'Summary.Value.metadata');
      value.pluginName = decodePluginName(r.lengthDelimited());
    } else return false;
    return true;
  });
  return value;
}

/** SummaryMetadata.plugin_data.plugin_name, or undefined when absent. */
function decodePluginName(bytes: Uint8Array): string | undefined {
  let name: string | undefined;
  readFields(bytes, (r, key) => {
    if (key.field !== 1) return false;
    expectWireType(r, key, WireType.bytes, 'SummaryMetadata.plugin_data');
    readFields(r.lengthDelimited(), (p, pluginKey) => {
      if (pluginKey.field !== 1) return false;
      expectWireType(p, pluginKey, WireType.bytes, 'PluginData.plugin_name');
      name = p.string();
      return true;
    });
    return true;
  });
  return name;
}

interface TensorFields {
  dtype: number;
  dims: number[];
  unknownRank: boolean;
  content: Uint8Array;
  floats: number[];
  doubles: number[];
}

/**
 * The number a one-element DT_FLOAT or DT_DOUBLE tensor holds, read as TensorBoard's
 * make_ndarray reads it (tensor_content first, else float_val / double_val); undefined for any
 * other tensor (strings, histograms, other dtypes), which are not scalars to import.
 */
function decodeScalarTensor(bytes: Uint8Array): number | undefined {
  const t = decodeTensor(bytes);
  const elements = t.dims.reduce((n, size) => n * size, 1);
  if (t.unknownRank || elements !== 1) return undefined;
  if (t.dtype !== DT_FLOAT && t.dtype !== DT_DOUBLE) return undefined;
  const width = t.dtype === DT_FLOAT ? 4 : 8;
  if (t.content.length > 0) {
    if (t.content.length !== width)
      throw new ProtoError(
        `a scalar tensor's tensor_content has ${t.content.length} bytes, expected ${width}`,
        bytes.byteOffset,
      );
    const view = new DataView(t.content.buffer, t.content.byteOffset, width);
    return width === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
  }
  const list = t.dtype === DT_FLOAT ? t.floats : t.doubles;
  if (list.length !== 1)
    throw new ProtoError(
      `a scalar tensor holds ${list.length} values in ${t.dtype === DT_FLOAT ? 'float_val' : 'double_val'}, expected 1`,
      bytes.byteOffset,
    );
  return list[0];
}

function decodeTensor(bytes: Uint8Array): TensorFields {
  const t: TensorFields = {
    dtype: 0,
    dims: [],
    unknownRank: false,
    content: new Uint8Array(),
    floats: [],
    doubles: [],
  };
  readFields(bytes, (r, key) => {
    if (key.field === 1) {
      expectWireType(r, key, WireType.varint, 'TensorProto.dtype');
      t.dtype = r.varint();
    } else if (key.field === 2) {
      expectWireType(r, key, WireType.bytes, 'TensorProto.tensor_shape');
      decodeShape(r.lengthDelimited(), t);
    } else if (key.field === 4) {
      expectWireType(r, key, WireType.bytes, 'TensorProto.tensor_content');
      t.content = r.lengthDelimited();
    } else if (key.field === 5) {
      readRepeated(r, key, WireType.fixed32, 'TensorProto.float_val', t.floats, () => r.float());
    } else if (key.field === 6) {
      readRepeated(r, key, WireType.fixed64, 'TensorProto.double_val', t.doubles, () => r.double());
    } else return false;
    return true;
  });
  return t;
}

function decodeShape(bytes: Uint8Array, t: TensorFields): void {
  readFields(bytes, (r, key) => {
    if (key.field === 2) {
      expectWireType(r, key, WireType.bytes, 'TensorShapeProto.dim');
      let size = 0;
      readFields(r.lengthDelimited(), (d, dimKey) => {
        if (dimKey.field !== 1) return false;
        expectWireType(d, dimKey, WireType.varint, 'TensorShapeProto.Dim.size');
        size = d.int64();
        return true;
      });
      t.dims.push(size);
    } else if (key.field === 3) {
      expectWireType(r, key, WireType.varint, 'TensorShapeProto.unknown_rank');
      t.unknownRank = r.varint() !== 0;
    } else return false;
    return true;
  });
}

/** A repeated number field: packed (one length-delimited run) or one value per key, as proto3
 * parsers accept both. */
function readRepeated(
  r: WireReader,
  key: FieldKey,
  elementType: number,
  name: string,
  into: number[],
  readOne: () => number,
): void {
  if (key.wireType === elementType) {
    into.push(readOne());
    return;
  }
  expectWireType(r, key, WireType.bytes, name);
  const packed = r.lengthDelimited();
  const width = elementType === WireType.fixed32 ? 4 : 8;
  if (packed.length % width !== 0)
    throw new ProtoError(
      `packed ${name} has ${packed.length} bytes, not a multiple of ${width}`,
      packed.byteOffset,
    );
  const view = new DataView(packed.buffer, packed.byteOffset, packed.length);
  for (let i = 0; i < packed.length; i += width)
    into.push(width === 4 ? view.getFloat32(i, true) : view.getFloat64(i, true));
}
