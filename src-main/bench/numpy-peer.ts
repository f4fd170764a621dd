/**
 * The optional NumPy peer row (../shared/peers/numpy-mlp, see its README): Nielsen's 784-30-10
 * network vectorized with NumPy + OpenBLAS on one thread, timed in the same bench run so the
 * ratio is measured back to back. Skipped with a reason when python3 or numpy is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mnistDir } from '../datasets';
import { packageRoot } from '../trainer/fast/kernel-module';

export interface PeerResult {
  secondsPerEpoch: number;
  testAccuracy: number;
}

/** The peer's folder: BACKPROP_NUMPY_PEER, else ../shared/peers/numpy-mlp beside the project. */
export function numpyPeerDir(): string {
  return (
    process.env.BACKPROP_NUMPY_PEER ?? resolve(packageRoot(), '..', 'shared', 'peers', 'numpy-mlp')
  );
}

/** Why the peer cannot run here, or null. */
export function numpyPeerMissing(dir = numpyPeerDir()): string | null {
  if (!existsSync(join(dir, 'b_numpy_vec.py'))) return `no NumPy peer at ${dir}`;
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not installed';
  if (probe.status !== 0) return 'numpy is not installed for python3';
  return null;
}

/** Runs the peer for `epochs` epochs (batch 10, η 3.0, float32, one BLAS thread). */
export function runNumpyPeer(epochs: number, dir = numpyPeerDir()): PeerResult {
  const env = { ...process.env, MNIST_DIR: mnistDir(), OPENBLAS_NUM_THREADS: '1' };
  const result = spawnSync(
    'python3',
    [join(dir, 'b_numpy_vec.py'), '10', '3.0', String(epochs), 'float32', '0'],
    { encoding: 'utf8', env, timeout: 600_000 },
  );
  const last = (result.stdout ?? '').trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !last.startsWith('{'))
    throw new Error(`NumPy peer failed (exit ${result.status}): ${(result.stderr ?? '').trim()}`);
  const parsed = JSON.parse(last) as { median_sec_per_epoch: number; acc_ep1: number };
  return { secondsPerEpoch: parsed.median_sec_per_epoch, testAccuracy: parsed.acc_ep1 };
}
