/** Running the built `backprop` CLI as a child process (imported by tests only). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../core/runner/trainer-entry';

/** out/main/cli.js, or a sentence saying to build first. */
export function requireBuiltCli(): string {
  const path = join(findPackageRoot(), 'out', 'main', 'cli.js');
  if (!existsSync(path))
    throw new Error(`The CLI is not built (${path} is missing): run \`npm run build\` first`);
  return path;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `onStderrLine` sees each stderr line as it arrives. */
export function startCli(
  args: string[],
  onStderrLine: (line: string, child: ChildProcess) => void = () => undefined,
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [requireBuiltCli(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    const lines = (partial + s).split('\n');
    partial = lines.pop()!;
    lines.forEach((line) => onStderrLine(line, child));
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function runCli(args: string[]): Promise<CliResult> {
  return startCli(args).done;
}

/** Starts `serve` on the store at any free port; resolves with its address once it listens.
 * The child goes into `running` so the test can stop it (stopAll). */
export function startServe(
  db: string,
  running: ChildProcess[],
): Promise<{ url: string; child: ChildProcess; done: Promise<CliResult> }> {
  return new Promise((resolve, reject) => {
    const { child, done } = startCli(['serve', '--db', db, '--port', '0']);
    running.push(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\S+)/.exec(out);
      if (match) resolve({ url: match[1], child, done });
    });
    void done.then((r) => reject(new Error(`serve ended early: ${r.stderr}`)));
  });
}

/** Ends every child of `running` still alive (SIGTERM) and waits for each. */
export async function stopAll(running: ChildProcess[]): Promise<void> {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      await gone;
    }
  }
}
