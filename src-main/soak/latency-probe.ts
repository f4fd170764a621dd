/**
 * Measures how responsive a served workbench is, from outside its process: a child Node process
 * calls runs.list (what the Runs view calls) every 100 ms and loads the page every second, as a
 * browser tab would, until told to stop; then it reports every latency. Running in its own
 * process keeps the probe from borrowing the owner's event loop it is measuring.
 */
import { spawn } from 'node:child_process';

export interface ProbeResult {
  /** Milliseconds of each runs.list call that answered 200. */
  latenciesMs: number[];
  /** runs.list calls that failed (not 200, or no answer within 10 s). */
  failures: number;
  pageLoads: number;
  pageFailures: number;
}

/** The probe's code (plain JavaScript, run with `node --input-type=module -e`). */
const PROBE = `
const { PROBE_ORIGIN: origin, PROBE_TOKEN: token } = process.env;
const result = { latenciesMs: [], failures: 0, pageLoads: 0, pageFailures: 0 };
let running = true;
process.stdin.on('data', () => (running = false));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function call() {
  const start = performance.now();
  try {
    const res = await fetch(origin + '/api/call/runs.list', {
      method: 'POST',
      headers: { 'x-backprop-token': token, 'content-type': 'application/json' },
      body: '[{}]',
      signal: AbortSignal.timeout(10000),
    });
    await res.text();
    if (res.status === 200) result.latenciesMs.push(performance.now() - start);
    else result.failures++;
  } catch {
    result.failures++;
  }
}
async function page() {
  try {
    const res = await fetch(origin + '/', {
      headers: { 'x-backprop-token': token },
      signal: AbortSignal.timeout(10000),
    });
    await res.text();
    if (res.status === 200) result.pageLoads++;
    else result.pageFailures++;
  } catch {
    result.pageFailures++;
  }
}
for (let i = 0; running; i++) {
  await call();
  if (i % 10 === 0) await page();
  await sleep(100);
}
process.stdout.write(JSON.stringify(result));
process.exit(0);
`;

/** Starts probing `origin` (http://127.0.0.1:port) with the server's token. */
export function startLatencyProbe(origin: string, token: string): { stop(): Promise<ProbeResult> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE], {
    env: { ...process.env, PROBE_ORIGIN: origin, PROBE_TOKEN: token },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    async stop() {
      child.stdin.end('stop\n');
      await done;
      return JSON.parse(output) as ProbeResult;
    },
  };
}

/** The p-th percentile (0 < p ≤ 100) by the nearest-rank method; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
