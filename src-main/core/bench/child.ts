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
