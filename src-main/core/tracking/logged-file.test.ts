/**
 * The checks on a logged file, against files NumPy itself writes (np.save, np.savez,
 * np.savez_compressed) and against broken ones: each refusal names the file and what was expected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { checkLoggedFile, nameProblem, MAX_LOGGED_FILE_BYTES } from './logged-file';
import { encodeNpz } from '../reports/npz';
import { encodeNpy } from '../../../src-shared/report/npy';

/** Files written by NumPy, base64 by name. */
let numpy: Record<string, Uint8Array>;

const NUMPY_SCRIPT = `
import base64, io, json, numpy as np
def saved(fn, *a, **k):
    b = io.BytesIO(); fn(b, *a, **k); return base64.b64encode(b.getvalue()).decode()
w = np.arange(12, dtype='<f4').reshape(3, 4)
out = {
  'f4': saved(np.save, w),
  'i8f': saved(np.save, np.asfortranarray(np.arange(6, dtype='<i8').reshape(2, 3))),
  'scalar': saved(np.save, np.float64(2.5)),
  'big': saved(np.save, np.arange(3, dtype='>u2')),
  'obj': saved(np.save, np.array([{'a': 1}], dtype=object), allow_pickle=True),
  'npz': saved(np.savez, W1=w, b1=np.zeros(3)),
  'npzc': saved(np.savez_compressed, W1=w, b1=np.zeros(3)),
}
print(json.dumps(out))
`;

beforeAll(() => {
  const out = JSON.parse(execFileSync('python3', ['-c', NUMPY_SCRIPT], { encoding: 'utf8' }));
  numpy = Object.fromEntries(
    Object.entries(out as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  );
});

const text = (s: string) => new TextEncoder().encode(s);
const refusal = (name: string, bytes: Uint8Array) => {
  try {
    checkLoggedFile(name, bytes);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
};

describe('a logged .npy', () => {
  it('reads the type, shape and order of arrays NumPy saved', () => {
    expect(checkLoggedFile('W1.npy', numpy.f4)).toMatchObject({
      kind: 'npy',
      size: numpy.f4.length,
      arrays: [{ name: 'W1', dtype: '<f4', shape: [3, 4], fortranOrder: false }],
    });
    expect(checkLoggedFile('x.npy', numpy.i8f).arrays).toEqual([
      { name: 'x', dtype: '<i8', shape: [2, 3], fortranOrder: true },
    ]);
    expect(checkLoggedFile('s.npy', numpy.scalar).arrays[0].shape).toEqual([]);
    expect(checkLoggedFile('b.npy', numpy.big).arrays[0].dtype).toBe('>u2');
  });

  it('gives the SHA-256 of the bytes', () => {
    const { sha256 } = checkLoggedFile('W1.npy', numpy.f4);
    const expected = execFileSync('sha256sum', { input: numpy.f4, encoding: 'utf8' }).split(' ')[0];
    expect(sha256).toBe(expected);
  });

  it('refuses a wrong magic, a short or long data part and an object array, naming the file', () => {
    const bad = Uint8Array.from(numpy.f4);
    bad[1] = 0x41;
    expect(refusal('w.npy', bad)).toMatch(/^File "w\.npy": expected an \.npy file.*magic/);
    expect(refusal('w.npy', numpy.f4.subarray(0, numpy.f4.length - 1))).toBe(
      'File "w.npy": expected 48 bytes of data for shape (3, 4) of <f4, got 47',
    );
    expect(refusal('w.npy', Buffer.concat([numpy.f4, Buffer.from([0])]))).toContain('got 49');
    expect(refusal('o.npy', numpy.obj)).toMatch(
      /^File "o\.npy": expected a data type of .*got '\|O'/,
    );
  });

  it('refuses a header that is not exactly the three keys', () => {
    const withHeader = (dict: string) => {
      const bytes = encodeNpy([2], [1, 2]);
      const header = dict.padEnd(bytes[8] - 1, ' ') + '\n';
      const out = Uint8Array.from(bytes);
      out.set(text(header), 10);
      return out;
    };
    expect(refusal('h.npy', withHeader("{'descr': '<f8', 'shape': (2,), }"))).toContain(
      'expected an .npy header dict',
    );
    expect(
      refusal('h.npy', withHeader("{'descr': '<f8', 'fortran_order': False, 'shap': (2,), }")),
    ).toContain("expected the .npy header keys 'descr', 'fortran_order' and 'shape'");
    expect(
      refusal('h.npy', withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2), }")),
    ).toContain('expected a shape tuple');
    expect(
      checkLoggedFile(
        'ok.npy',
        withHeader("{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}"),
      ).arrays[0].shape,
    ).toEqual([2]);
  });
});

describe('a logged .npz', () => {
  it('lists the arrays of what numpy.savez and savez_compressed write', () => {
    const arrays = [
      { name: 'W1', dtype: '<f4', shape: [3, 4], fortranOrder: false },
      { name: 'b1', dtype: '<f8', shape: [3], fortranOrder: false },
    ];
    expect(checkLoggedFile('weights.npz', numpy.npz).arrays).toEqual(arrays);
    expect(checkLoggedFile('weights.npz', numpy.npzc).arrays).toEqual(arrays);
  });

  it('reads what our own npz export writes', () => {
    const bytes = encodeNpz([{ name: 'W1', bytes: encodeNpy([1, 2], [0.5, -1]) }]);
    expect(checkLoggedFile('run.npz', bytes).arrays[0]).toMatchObject({
      name: 'W1',
      shape: [1, 2],
    });
  });

  it('refuses what is not a zip, a member that is not an .npy, a broken member and a bad CRC', () => {
    expect(refusal('a.npz', text('hello'))).toMatch(/^File "a\.npz": expected a zip archive/);
    expect(refusal('a.npz', encodeNpz([{ name: 'dir/W1', bytes: encodeNpy([1], [1]) }]))).toContain(
      'expected only "<name>.npy" members, found "dir/W1.npy"',
    );
    const broken = encodeNpz([{ name: 'W1', bytes: encodeNpy([2], [1, 2]).subarray(0, 130) }]);
    expect(refusal('a.npz', broken)).toContain('member "W1.npy": expected 16 bytes of data');
    const crc = Uint8Array.from(numpy.npz);
    crc[14] ^= 0xff; // the first local header's CRC-32 … and the central one below
    const central = Buffer.from(crc).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    crc[central + 16] ^= 0xff;
    expect(refusal('a.npz', crc)).toContain('"W1.npy" does not match its size and CRC-32');
    expect(refusal('a.npz', encodeNpz([]))).toContain(
      'expected an .npz holding at least one array',
    );
  });

  it('refuses a member that inflates beyond the size it declares', () => {
    const npy = encodeNpy([4], [1, 2, 3, 4]);
    const zip = Buffer.from(encodeNpz([{ name: 'W1', bytes: npy }]));
    // Make the member "deflated" with a stream that inflates to twice its declared size.
    const bomb = deflateRawSync(Buffer.concat([npy, npy]));
    const rebuilt = Buffer.concat([
      zip.subarray(0, 30 + 6),
      bomb,
      zip.subarray(30 + 6 + npy.length),
    ]);
    rebuilt.writeUInt16LE(8, 8); // local: method deflate
    rebuilt.writeUInt32LE(bomb.length, 18);
    const central = rebuilt.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    rebuilt.writeUInt16LE(8, central + 10);
    rebuilt.writeUInt32LE(bomb.length, central + 20);
    rebuilt.writeUInt32LE(30 + 6 + bomb.length, rebuilt.length - 22 + 16);
    expect(refusal('bomb.npz', rebuilt)).toMatch(/"W1\.npy" does not inflate/);
  });
});

describe('a logged .npz that lies', () => {
  const npy = encodeNpy([1], [1]);

  it('refuses an array name given twice (NumPy would keep only one of them)', () => {
    const twice = encodeNpz([
      { name: 'W1', bytes: npy },
      { name: 'W1', bytes: encodeNpy([2], [1, 2]) },
    ]);
    expect(refusal('a.npz', twice)).toContain('holds "W1.npy" twice');
  });

  it('refuses a local header whose name differs from the directory, as Python zipfile does', () => {
    const zip = encodeNpz([{ name: 'W1', bytes: npy }]);
    zip[30] = 'X'.charCodeAt(0); // the local header's copy of the name: "X1.npy"
    expect(refusal('a.npz', zip)).toContain(
      'the local header of "W1.npy" names "X1.npy": the zip directory and its entries disagree',
    );
  });

  it('refuses two directory entries pointing at the same bytes', () => {
    const zip = Buffer.from(
      encodeNpz([
        { name: 'W1', bytes: npy },
        { name: 'W2', bytes: npy },
      ]),
    );
    const second = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(0, second + 42); // W2's offset: W1's local header
    expect(refusal('a.npz', zip)).toMatch(/the local header of "W2\.npy" names "W1\.npy"/);
  });

  it('refuses array names with control or bidirectional characters', () => {
    const rtl = encodeNpz([{ name: 'W\u202e1', bytes: npy }]);
    expect(refusal('a.npz', rtl)).toContain('expected only "<name>.npy" members');
  });
});

describe('a logged JSON file and names', () => {
  it('takes JSON that parses and refuses what does not, or nests too deep', () => {
    expect(checkLoggedFile('cfg.json', text('{"a": [1, 2]}'))).toMatchObject({
      kind: 'json',
      arrays: [],
    });
    expect(refusal('cfg.json', text('{"a": NaN}'))).toMatch(/^File "cfg\.json": expected JSON: /);
    expect(refusal('cfg.json', text('['.repeat(101) + ']'.repeat(101)))).toContain(
      'nests 101 levels deep',
    );
    expect(refusal('cfg.json', Uint8Array.from([0x22, 0xff, 0x22]))).toContain('not UTF-8');
  });

  it('refuses JSON of millions of values before building them, and takes a large ordinary one', () => {
    const tiny = text(`[${'{},'.repeat(3_000_000)}{}]`); // 9 MB, 3 million objects
    const started = performance.now();
    expect(refusal('many.json', tiny)).toContain(
      'expected at most 1000000 values in a JSON file (log large arrays as .npy), got more',
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    const strings = text(JSON.stringify({ a: ',[{'.repeat(2_000_000), b: [1, 2] }));
    expect(checkLoggedFile('s.json', strings).kind).toBe('json');
    const numbers = text(JSON.stringify(Array.from({ length: 500_000 }, (_, i) => i / 7)));
    expect(checkLoggedFile('n.json', numbers).kind).toBe('json');
  });

  it('refuses path separators, "..", control characters and other extensions', () => {
    expect(nameProblem('../w.npy')).toContain('path separator');
    expect(nameProblem('a\\w.npy')).toContain('path separator');
    expect(nameProblem('w..npy')).toContain('".."');
    expect(nameProblem('.w.npy')).toContain('start with "."');
    expect(nameProblem('w\n.npy')).toContain('control characters');
    expect(nameProblem('w.pkl')).toContain('must end in .npy, .npz or .json');
    expect(nameProblem('W1.NPY')).toBeNull();
    expect(nameProblem('w\u0085.npy')).toContain('control characters');
    expect(nameProblem('w\u009b31m.npy')).toContain('control characters');
    expect(nameProblem('evil\u202eyspn.json')).toContain('control characters');
    expect(nameProblem('w\u2028.npy')).toContain('control characters');
    expect(nameProblem('w\u2067.npy')).toContain('control characters');
    expect(nameProblem('CON.npy')).toContain('Windows');
    expect(nameProblem('nul.json')).toContain('Windows');
    expect(nameProblem('a:b.npy')).toContain('Windows');
    expect(nameProblem('a?.npy')).toContain('Windows');
    expect(nameProblem('console.npy')).toBeNull();
    expect(nameProblem('poids_étape-3 (1).npy')).toBeNull();
    expect(refusal('w.pkl', text('{}'))).toBe(
      'File "w.pkl": a file name must end in .npy, .npz or .json',
    );
  });

  it('refuses a file over the size cap', () => {
    expect(refusal('big.json', new Uint8Array(MAX_LOGGED_FILE_BYTES + 1))).toContain(
      'expected at most 64 MiB',
    );
  });
});
