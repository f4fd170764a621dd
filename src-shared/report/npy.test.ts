/** parseNpy against hostile headers: each is refused quickly, with what was expected. */
import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from './npy';

/** An .npy of `major` version whose header is `header` and whose data is `data` bytes of 0. */
function npy(header: string, major = 1, data = 0): Uint8Array {
  const text = new TextEncoder().encode(header);
  const preamble = major === 1 ? 10 : 12;
  const bytes = new Uint8Array(preamble + text.length + data);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  bytes.set(text, preamble);
  return bytes;
}

const dict = (shape: string, descr = '<f8') =>
  `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }\n`;

describe('parseNpy on hostile headers', () => {
  it('refuses a header longer than NumPy reads (10,000 bytes) at once, without scanning it', () => {
    const unclosed = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)";
    for (const [padding, major] of [
      [60_000, 1],
      [2_000_000, 2],
    ]) {
      const started = performance.now();
      expect(() => parseNpy(npy(unclosed + ' '.repeat(padding), major))).toThrow(
        /header of at most 10000 bytes/,
      );
      expect(performance.now() - started).toBeLessThan(200);
    }
  });

  it('refuses an unclosed header within the limit quickly (no backtracking on whitespace)', () => {
    const unclosed = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)";
    const started = performance.now();
    expect(() => parseNpy(npy(unclosed + ' '.repeat(9_900)))).toThrow(/header dict/);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('still reads a header NumPy pads to its limit', () => {
    const bytes = npy(dict('(2,)').padEnd(9_999, ' ') + '\n', 1, 16);
    expect(parseNpy(bytes)).toEqual({ dtype: '<f8', shape: [2], fortranOrder: false });
  });

  it('refuses shapes whose size overflows, negative dims, and data that does not fit', () => {
    const huge = '(9007199254740991, 9007199254740991)';
    expect(() => parseNpy(npy(dict(huge), 1, 8))).toThrow(/bytes of data/);
    expect(() => parseNpy(npy(dict('(-1,)'), 1, 8))).toThrow(/header dict/);
    expect(() => parseNpy(npy(dict('(1e3,)'), 1, 8))).toThrow(/header dict/);
    expect(() => parseNpy(npy(dict('(99999999999999999999,)'), 1, 8))).toThrow(/safe sizes/);
    expect(() => parseNpy(npy(dict('(3,)'), 1, 16))).toThrow(/expected 24 bytes/);
  });

  it('reads an empty array of a huge other dimension, which holds no data', () => {
    expect(parseNpy(npy(dict('(0, 9007199254740991)'), 1, 0)).shape).toEqual([0, 9007199254740991]);
  });

  it('refuses non-ASCII and Python tricks in the header', () => {
    expect(() => parseNpy(npy(dict('(3,)', '<f８'), 1, 24))).toThrow(/data type/);
    expect(() => parseNpy(npy(dict('(3,)', 'O'), 1, 24))).toThrow(/data type/);
    expect(() =>
      parseNpy(npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}\n`, 1, 24)),
    ).toThrow(/header dict/);
    expect(() =>
      parseNpy(npy(`{"descr": '<f8', 'fortran_order': False, 'shape': (3,)}\n`, 1, 24)),
    ).toThrow(/header dict/);
    expect(() => parseNpy(npy(`{'descr': '<f8', 'descr': '<f8', 'shape': (3,)}\n`, 1, 24))).toThrow(
      /keys/,
    );
  });

  it('reads back what encodeNpy writes', () => {
    expect(parseNpy(encodeNpy([2, 3], [1, 2, 3, 4, 5, 6]))).toEqual({
      dtype: '<f8',
      shape: [2, 3],
      fortranOrder: false,
    });
  });
});
