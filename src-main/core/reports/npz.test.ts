import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, npyHeader, weightsAsNpy } from '../../../src-shared/report/npy';
import { fixtureRun, fixtureWeights } from '../../../src-shared/report/report.testing';
import { exportRuns } from './export';
import { encodeNpz } from './npz';
import { fakeServices } from './services.testing';

const folder = mkdtempSync(join(tmpdir(), 'npz-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** What NumPy reads from the file: per array its dtype, shape, C-order flag, the .npy version
 * and data offset from numpy.lib.format, and the values as the hex of their float64 bits. */
const reader = `
import json, sys, zipfile, numpy as np
from numpy.lib import format as fmt
out = {}
with np.load(sys.argv[1]) as z:
    for name in z.files:
        a = z[name]
        out[name] = {'dtype': a.dtype.str, 'shape': list(a.shape),
                     'c': bool(a.flags['C_CONTIGUOUS']), 'values': [format(int(b), '016x') for b in a.view('<u8').ravel()]}
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    for info in z.infolist():
        with z.open(info) as f:
            version = fmt.read_magic(f)
            header = fmt.read_array_header_1_0(f)
            out[info.filename[:-4]]['version'] = list(version)
            out[info.filename[:-4]]['dataOffset'] = f.tell()
            out[info.filename[:-4]]['fortran'] = header[1]
print(json.dumps(out))
`;

interface Loaded {
  dtype: string;
  shape: number[];
  c: boolean;
  values: string[];
  version: number[];
  dataOffset: number;
  fortran: boolean;
}

function loadWithNumpy(bytes: Uint8Array, name: string): Record<string, Loaded> {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return JSON.parse(execFileSync('python3', ['-c', reader, path], { encoding: 'utf8' }));
}

/** The hex of each value's float64 bits, as the Python side prints them. */
const bits = (values: number[]) =>
  values.map((v) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16).padStart(16, '0');
  });

describe('NumPy .npy and .npz files', () => {
  it('pads the header so magic, version, length and header fill a multiple of 64 bytes', () => {
    for (const shape of [[3], [30, 784], [1, 1], [123456, 7]]) {
      const header = npyHeader(shape);
      expect((10 + header.length) % 64).toBe(0);
      expect(header.endsWith('\n')).toBe(true);
    }
    expect(npyHeader([3])).toMatch(
      /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(3,\), \} +\n$/,
    );
    expect(() => encodeNpy([2, 2], [1, 2, 3])).toThrow(/shape \(2, 2\) needs 4 values, got 3/);
  });

  it('writes weights NumPy loads back exactly: W_l of shape (n_out, n_in) in C order and b_l of shape (n_out,)', () => {
    const weights = fixtureWeights(5, 3);
    weights.biases[1][0] = Number.NaN;
    weights.biases[1][1] = -0.1 + 0.2; // a value whose float64 digits matter
    const loaded = loadWithNumpy(encodeNpz(weightsAsNpy(weights)), 'weights.npz');
    expect(Object.keys(loaded).sort()).toEqual(['W1', 'W2', 'b1', 'b2']);
    expect(loaded.W1.shape).toEqual([5, 784]);
    expect(loaded.W2.shape).toEqual([10, 5]);
    expect(loaded.b2.shape).toEqual([10]);
    for (const a of Object.values(loaded)) {
      expect([a.dtype, a.c, a.fortran, a.version]).toEqual(['<f8', true, false, [1, 0]]);
      expect(a.dataOffset % 64).toBe(0);
    }
    expect(loaded.W1.values).toEqual(bits(weights.weights[0].flat()));
    expect(loaded.W2.values).toEqual(bits(weights.weights[1].flat()));
    expect(loaded.b1.values).toEqual(bits(weights.biases[0]));
    expect(loaded.b2.values).toEqual(bits(weights.biases[1]));
  });

  it('writes a conv net’s filters as conv1_W (F, C, k, k) first and its dense layers as dense1_W…', () => {
    // 2 filters of 3×3 on 1 channel, then a dense layer of 4 units on 8 inputs.
    const filters = Array.from({ length: 2 * 1 * 3 * 3 }, (_, i) => i / 10 - 0.5);
    const dense = [Array.from({ length: 4 }, (_, j) => Array.from({ length: 8 }, (_, k) => j - k))];
    const weights = {
      weights: dense,
      biases: [[0.1, 0.2, 0.3, 0.4]],
      features: { weights: [filters], biases: [[0.5, -0.5]] },
    };
    const loaded = loadWithNumpy(encodeNpz(weightsAsNpy(weights, [[2, 1, 3, 3]])), 'conv.npz');
    expect(Object.keys(loaded).sort()).toEqual(['conv1_W', 'conv1_b', 'dense1_W', 'dense1_b']);
    expect(loaded.conv1_W.shape).toEqual([2, 1, 3, 3]);
    expect(loaded.conv1_W.values).toEqual(bits(filters));
    expect(loaded.conv1_b.values).toEqual(bits([0.5, -0.5]));
    expect(loaded.dense1_W.shape).toEqual([4, 8]);
    expect(loaded.dense1_W.values).toEqual(bits(dense[0].flat()));
  });

  it('exports one run’s weights as npz and refuses several runs or a run without weights', async () => {
    const weights = fixtureWeights(4, 9);
    const deps = fakeServices([fixtureRun(4, { name: 'a' }), fixtureRun(5)], { 4: weights });
    const [file] = await exportRuns(deps, { runIds: [4], format: 'npz' });
    expect([file.name, file.mimeType]).toEqual(['a-run-4.npz', 'application/octet-stream']);
    expect(loadWithNumpy(file.bytes, file.name).W2.values).toEqual(bits(weights.weights[1].flat()));
    await expect(exportRuns(deps, { runIds: [4, 5], format: 'npz' })).rejects.toThrow(
      /one run's weights: give one run id \(got 2\)/,
    );
    await expect(exportRuns(deps, { runIds: [5], format: 'npz' })).rejects.toThrow(
      /Run 5 has no final weights/,
    );
  });
});
