/** Running the built `backprop` CLI as a child process (imported by tests only). */
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot, requireTrainerEntry } from '../core/runner/trainer-entry';
import { tempDir } from '../core/store/store.testing';

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

/** Runs the process `args` on a pseudo-terminal (stdin, stdout and stderr all on it, 200 columns)
 * through python3's standard `pty`, and types each reply once its prompt has appeared. */
const PTY_RUNNER = `
import fcntl, json, os, select, struct, subprocess, sys, termios
args, replies = json.loads(sys.argv[1]), json.loads(sys.argv[2])
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 200, 0, 0))
child = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
out = b''
while True:
    ready, _, _ = select.select([master], [], [], 0.2)
    if not ready:
        if child.poll() is not None:
            break
        continue
    try:
        data = os.read(master, 65536)
    except OSError:
        break  # EIO: the last process holding the terminal has closed it
    if not data:
        break
    out += data
    while replies and replies[0][0] in out.decode('utf8', 'replace'):
        os.write(master, replies.pop(0)[1].encode())
code = child.wait()
sys.stdout.buffer.write(out)
sys.exit(code if code >= 0 else 128 - code)
`;

export interface PtyResult {
  code: number | null;
  /** Everything the process wrote to the terminal, escape sequences included (lines end in \r\n). */
  output: string;
}

/** Runs the built CLI on a pseudo-terminal; `replies` are [prompt text, what to type] in order. */
export async function runCliInPty(
  args: string[],
  replies: [string, string][] = [],
): Promise<PtyResult> {
  const argv = [process.execPath, requireBuiltCli(), ...args];
  const child = spawn(
    'python3',
    ['-c', PTY_RUNNER, JSON.stringify(argv), JSON.stringify(replies)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}

/** A test's folder and store for the CLI, and the processes it started. */
export interface CliWorkspace {
  /** The test's temporary folder. */
  readonly dir: string;
  /** Its store (--db, BACKPROP_DB). */
  readonly db: string;
  /** Processes the test started (serve, scripts): stopped after it (stopAll). */
  readonly running: ChildProcess[];
  /** Writes `content` to `name` in the folder (a string as it is, anything else as JSON) and
   * returns the file's path. */
  file(name: string, content: unknown): string;
}

/**
 * A fresh temporary folder and store for every test of the file, its processes stopped and the
 * folder removed after it; the built CLI (and with `trainer`, the trainer entry) must exist.
 * Registers the hooks; read the fields inside tests only.
 */
export function useCliWorkspace(
  prefix: string,
  { dbName = 'store.db', trainer = false }: { dbName?: string; trainer?: boolean } = {},
): CliWorkspace {
  let tmp: ReturnType<typeof tempDir> | null = null;
  const running: ChildProcess[] = [];
  const dir = () => {
    if (!tmp) throw new Error('the CLI workspace exists only inside a test');
    return tmp.dir;
  };
  beforeAll(() => {
    requireBuiltCli();
    if (trainer) requireTrainerEntry();
  });
  beforeEach(() => {
    tmp = tempDir(prefix);
  });
  afterEach(async () => {
    await stopAll(running);
    tmp?.cleanup();
    tmp = null;
  });
  return {
    get dir() {
      return dir();
    },
    get db() {
      return join(dir(), dbName);
    },
    running,
    file(name, content) {
      const path = join(dir(), name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
  };
}
