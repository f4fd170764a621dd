/**
 * `import { startRun } from 'backprop-workbench/client'`: log runs trained anywhere to a Backprop
 * Workbench store from a Node training loop. The same names, shape and delivery as the Python
 * client (clients/python): each call goes to the owner named in `<db>.owner.json` (read again at
 * every call); a call no owner acknowledges goes to the run's spool file
 * (src-shared/contract/tracking-spool.ts), and so does every later call until the client hands the
 * spool to an owner that answers; a spool left at exit is imported by the next owner. Every call
 * is idempotent on the owner's side, so nothing is lost and nothing is stored twice.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeWire, encodeWire } from '../../../src-shared/base/wire';
import {
  spoolDirOf,
  spoolFileName,
  type SpoolLine,
} from '../../../src-shared/contract/tracking-spool';
import type {
  LoggedRunStatus,
  TrackedRun,
  TrackingCreateRun,
} from '../../../src-shared/contract/types';
import { resolveDbPath } from '../../../src-main/core/paths';
import { checkLoggedFile } from '../../../src-main/core/tracking/logged-file';
import { ValidationError } from '../../../src-shared/base/validation';

export { resolveDbPath };

const TIMEOUT_MS = 30_000;

/** The owner refused a call's arguments: `issues` names each field and what was expected. */
export class BackpropError extends Error {
  override name = 'BackpropError';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** No owner acknowledged the call: it goes to the spool. */
class Unreachable extends Error {}

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { message?: string; issues?: { path: string; message: string }[] };
}

function readOwner(dbPath: string): { port: number; token: string } {
  try {
    const owner = JSON.parse(readFileSync(`${dbPath}.owner.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    if (typeof owner.port !== 'number' || typeof owner.loginToken !== 'string')
      throw new Error('no port or loginToken');
    return { port: owner.port, token: owner.loginToken };
  } catch (error) {
    throw new Unreachable(`no owner file: ${(error as Error).message}`);
  }
}

const REFUSALS = [400, 404, 409];

/** The owner's value for the call; BackpropError when it refuses the call. */
async function post(dbPath: string, method: string, args: unknown[]): Promise<unknown> {
  const { port, token } = readOwner(dbPath);
  let status: number;
  let reply: Reply;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-backprop-token': token },
      body: encodeWire(args),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    reply = decodeWire<Reply>(await response.text());
  } catch (error) {
    throw new Unreachable((error as Error).message); // refused, reset, timed out, a torn reply
  }
  if (reply.ok) return reply.value;
  // A stale token or an owner failing: another owner may take the call later. A refusal of the
  // call itself (400 malformed, 404 not found, 409 wrong state) would be refused again: say why.
  if (!REFUSALS.includes(status)) throw new Unreachable(`HTTP ${status}`);
  const issues = reply.error?.issues ?? [];
  const detail = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new BackpropError(
    `${reply.error?.message ?? 'refused'}${detail ? ` (${detail})` : ''}`,
    issues,
  );
}

export type Values = Record<string, number>;
/** One point of logMany: metric values, with the step (default: one after the last) and epoch
 * under those two names, which are therefore not metric names here. */
export type Point = { step?: number; epoch?: number } & Record<string, number | undefined>;
export type FinalStatus = Exclude<LoggedRunStatus, 'running'>;

export interface StartRunOptions {
  name?: string;
  experiment?: string;
  /** Any nested JSON object. */
  config?: Record<string, unknown>;
  tags?: string[];
  notes?: string;
  /** The store; default BACKPROP_DB, else the default store (as the `backprop` CLI). */
  db?: string;
}

export class Run {
  /** The run's number in the store, once an owner has acknowledged its creation. */
  id: number | null = null;
  private nextStep = 0;
  private readonly spoolPath: string;
  private spooling: boolean;
  private warned = false;

  constructor(
    readonly dbPath: string,
    readonly key: string,
  ) {
    this.spoolPath = join(spoolDirOf(dbPath), spoolFileName(key, process.pid));
    this.spooling = existsSync(this.spoolPath);
  }

  /** Logs named numbers at a step (default: one after the last) and an optional epoch. NaN and
   * ±Infinity are kept. */
  async log(values: Values, at: { step?: number; epoch?: number } = {}): Promise<void> {
    checkValues(values);
    const step = at.step ?? this.nextStep;
    checkCount('step', step);
    if (at.epoch !== undefined) checkCount('epoch', at.epoch);
    const point = { step, epoch: at.epoch ?? null, time: Date.now() / 1000, values };
    await this.call('tracking.log', { run: this.key, points: [point] });
    this.nextStep = Math.max(this.nextStep, step + 1);
  }

  /** Logs many points in one call (one transaction on the owner's side): each an object of
   * metric values with its optional `step` and `epoch`, as log takes them. */
  async logMany(points: Point[]): Promise<void> {
    if (!Array.isArray(points) || points.length === 0)
      throw new TypeError('points must be a non-empty array of { ...values, step?, epoch? }');
    let next = this.nextStep;
    const time = Date.now() / 1000;
    const wire = points.map((point, i) => {
      const { step = next, epoch, ...values } = point ?? {};
      checkValues(values as Values, `points[${i}]`);
      checkCount(`points[${i}].step`, step);
      if (epoch !== undefined) checkCount(`points[${i}].epoch`, epoch);
      next = Math.max(next, step + 1);
      return { step, epoch: epoch ?? null, time, values: values as Values };
    });
    await this.call('tracking.log', { run: this.key, points: wire });
    this.nextStep = next;
  }

  /** Logs a file of the run: a path (named by its file name) or `{ name, bytes }`. NumPy .npy /
   * .npz (weights) or .json; checked here and again by the owner. A name the run has is taken
   * once: the same bytes again change nothing, other bytes are refused. */
  async logFile(file: string | { name: string; bytes: Uint8Array }): Promise<void> {
    const { name, bytes } =
      typeof file === 'string' ? { name: basename(file), bytes: readFileSync(file) } : file;
    try {
      checkLoggedFile(name, bytes);
    } catch (error) {
      if (error instanceof ValidationError) throw new BackpropError(error.message, error.issues);
      throw error;
    }
    const contentBase64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
      'base64',
    );
    await this.call('tracking.logFile', {
      run: this.key,
      name,
      contentBase64,
      time: Date.now() / 1000,
    });
  }

  /** Logs `value` as the JSON file `name` (".json" added when missing). NaN and ±Infinity have
   * no JSON form: they are refused rather than written as null. */
  async logJson(name: string, value: unknown): Promise<void> {
    const file = name.toLowerCase().endsWith('.json') ? name : `${name}.json`;
    const text = JSON.stringify(value, (key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new TypeError(`${file}: ${key || 'the value'} is ${v}, which JSON cannot hold`);
      return v;
    });
    if (text === undefined) throw new TypeError(`${file}: the value has no JSON form`);
    await this.logFile({ name: file, bytes: new TextEncoder().encode(text) });
  }

  /** Replaces the run's notes. */
  async note(text: string): Promise<void> {
    await this.call('tracking.note', { run: this.key, text });
  }

  async setStatus(status: LoggedRunStatus, error?: string): Promise<void> {
    await this.call('tracking.setStatus', { run: this.key, status, error });
  }

  /** Ends the run: completed unless another final status is given. */
  async finish(options: { status?: FinalStatus; error?: string } = {}): Promise<void> {
    await this.call('tracking.finish', { run: this.key, ...options });
  }

  /** Whether calls are waiting in this run's spool file for an owner. */
  get spooled(): boolean {
    return this.spooling;
  }

  /** @internal Sends one call, or spools it. */
  async call(method: string, body: object): Promise<void> {
    const line = encodeWire({ method, args: [body] } satisfies SpoolLine);
    if (this.spooling && !(await this.handOverSpool())) return this.append(line);
    try {
      this.remember(method, await post(this.dbPath, method, [body]));
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
      this.warn(error.message);
      this.append(line);
    }
  }

  /** Says once per run that calls are being kept, and why (an owner failing shows here). */
  private warn(why: string): void {
    if (this.warned) return;
    this.warned = true;
    process.stderr.write(
      `backprop-workbench: no owner took the call (${why}); keeping this run's calls in ${this.spoolPath} until an owner takes them\n`,
    );
  }

  private remember(method: string, value: unknown): void {
    if (method === 'tracking.createRun') this.id = (value as TrackedRun).id;
  }

  private append(line: string): void {
    mkdirSync(spoolDirOf(this.dbPath), { recursive: true, mode: 0o700 });
    appendFileSync(this.spoolPath, `${line}\n`);
    this.spooling = true;
  }

  /** Replays the spool to an owner, in order; true when all of it was acknowledged (the file is
   * then deleted). */
  private async handOverSpool(): Promise<boolean> {
    const lines = readFileSync(this.spoolPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    try {
      for (const line of lines) {
        const { method, args } = decodeWire<SpoolLine>(line);
        this.remember(method, await post(this.dbPath, method, args));
      }
    } catch (error) {
      if (error instanceof Unreachable) return false;
      throw error;
    }
    rmSync(this.spoolPath, { force: true });
    this.spooling = false;
    return true;
  }
}

function checkValues(values: Values, what = 'values'): void {
  if (!values || typeof values !== 'object' || Object.keys(values).length === 0)
    throw new TypeError(`${what} must be a non-empty object of metric name: number, e.g. { loss }`);
  for (const [key, value] of Object.entries(values))
    if (typeof value !== 'number')
      throw new TypeError(`${what}.${key} must be a number, got ${typeof value}`);
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`${name} must be a whole number >= 0, got ${value}`);
}

/** Creates a run in the store and returns it. */
export async function startRun(options: StartRunOptions = {}): Promise<Run> {
  const { db, ...fields } = options;
  const run = new Run(resolveDbPath(db), randomUUID());
  const body: TrackingCreateRun = { run: run.key, time: Date.now() / 1000, ...fields };
  await run.call('tracking.createRun', body);
  return run;
}
