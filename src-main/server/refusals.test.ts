/**
 * The API's answer to a request the core refuses is a 4xx with the core's sentence: 404 for a run
 * or file that does not exist, 409 for a run in the wrong status, 400 for malformed arguments. A
 * 500 is kept for the owner's own failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AppCore } from '../core/app';
import { openTestCore, type TestCore } from '../core/app.testing';
import { xorConfig } from '../core/store/store.testing';
import { startServer, type RunningServer } from './server';

let opened: TestCore;
let core: AppCore;
let server: RunningServer;
let completed: number;

beforeAll(async () => {
  opened = await openTestCore('backprop-serve-refusals-', { host: 'serve' });
  core = opened.core;
  completed = core.store.runs.insert({
    experimentId: null,
    name: 'done',
    config: xorConfig(),
    status: 'completed',
    engineVersion: 'test',
  });
  server = await startServer({ services: core.services, rendererDir: opened.dir, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await opened?.close();
});

async function call(method: string, args: unknown[]) {
  const response = await fetch(`${server.url.replace(/\/[^/]*$/, '')}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backprop-token': server.token },
    body: JSON.stringify(args),
  });
  const reply = (await response.json()) as { ok: boolean; error?: { message: string } };
  return { status: response.status, message: reply.error?.message };
}

describe('refusals of a request over HTTP', () => {
  it('answers 404 with the sentence for a run that does not exist', async () => {
    expect(await call('runs.get', [424242])).toEqual({
      status: 404,
      message: 'Run 424242 does not exist',
    });
    expect((await call('queue.pauseRun', [424242])).status).toBe(404);
    expect((await call('runs.purge', [[424242]])).status).toBe(404);
  });

  it('answers 404 for a file the run does not have', async () => {
    const answer = await call('runs.file', [completed, 'nope.npy']);
    expect(answer.status).toBe(404);
    expect(answer.message).toContain('nope.npy');
  });

  it('answers 409 for a run in the wrong status', async () => {
    const paused = await call('queue.pauseRun', [completed]);
    expect(paused.status).toBe(409);
    expect(paused.message).toMatch(/is completed; only .* can be paused/);
    const purge = await call('runs.purge', [[completed]]);
    expect(purge.status).toBe(409);
    expect(purge.message).toContain('not in the trash');
  });

  it('answers 404 for a dataset folder that does not exist, naming it', async () => {
    const missing = join(opened.dir, 'no-such-folder');
    const answer = await withFashionDir(missing, () =>
      call('datasets.samples', ['fashion-mnist', [0]]),
    );
    expect(answer.status).toBe(404);
    expect(answer.message).toContain(missing);
  });

  it('answers 400 for a dataset folder that holds no dataset, saying what it lacks', async () => {
    const answer = await withFashionDir(opened.dir, () =>
      call('datasets.samples', ['fashion-mnist', [0]]),
    );
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/has no trainImages, trainLabels, testImages, testLabels file/);
  });

  it('answers 400 for malformed arguments, as before', async () => {
    expect((await call('runs.get', ['seven'])).status).toBe(400);
  });
});

/** Runs `work` with Fashion-MNIST looked for in `dir` (the owner runs in this process). */
async function withFashionDir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.BACKPROP_FASHION_DIR;
  process.env.BACKPROP_FASHION_DIR = dir;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.BACKPROP_FASHION_DIR;
    else process.env.BACKPROP_FASHION_DIR = before;
  }
}
