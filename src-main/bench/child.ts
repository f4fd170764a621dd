/**
 * Runs measurements in fresh child processes of the `backprop` command (`bench --measure SPEC`),
 * so each one's peak RSS and JIT state are its own, and runs several at once for the test that
 * two runs in parallel take about the time of one.
 */
import { spawn } from 'node:child_process';
import type { Measurement, MeasureSpec } from './measure';

/** The command that starts this CLI again: node [its flags] <entry script>. */
export interface SelfCommand {
  node: string;
  args: string[];
}

export function selfCommand(): SelfCommand {
  return { node: process.execPath, args: [...process.execArgv, process.argv[1]] };
}

/** Starts one measurement child and resolves with its Measurement (the last stdout line). */
export function measureInChild(self: SelfCommand, spec: MeasureSpec): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(self.node, [...self.args, 'bench', '--measure', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(
          new Error(
            `measurement ${spec.workload}/${spec.engine} failed (exit ${code}): ${err.trim()}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(last) as Measurement);
    });
  });
}

/** `copies` identical measurements started at the same moment. */
export function measureInParallel(
  self: SelfCommand,
  spec: MeasureSpec,
  copies: number,
): Promise<Measurement[]> {
  return Promise.all(Array.from({ length: copies }, () => measureInChild(self, spec)));
}

/** A process that keeps one core busy with arithmetic alone (no memory traffic) until stopped. */
export interface BusyLoop {
  stop(): Promise<void>;
}

/** Arithmetic in registers, in slices of 10 million steps so it can notice its stdin closing:
 * it ends with the bench, however the bench ends. */
const BUSY_LOOP = [
  "process.stdin.on('close', () => process.exit(0)).resume();",
  'let x = 0;',
  'const slice = () => { for (let i = 0; i < 1e7; i++) x = (x * 1.0000001 + 1) % 1e6; setImmediate(slice); };',
  'slice();',
].join(' ');

export function startBusyLoop(self: SelfCommand): BusyLoop {
  const child = spawn(self.node, ['-e', BUSY_LOOP], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    stop() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}
