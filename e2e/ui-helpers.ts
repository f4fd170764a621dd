/**
 * Helpers for the view specs: calling the core directly (to set up runs without clicking), and
 * waiting for runs to finish. Calls go over the same HTTP contract the page uses.
 */
import { expect, type Page } from '@playwright/test';
import type { Served } from './fixtures';
import type { RunSummary } from '../src-shared/contract/types';
import type { RunConfigInput } from '../src-shared/experiment/config';
import { presetById } from '../src-shared/experiment/presets';
import { decodeWire, encodeWire } from '../src-shared/contract/wire';

/** Calls one contract method ("queue.enqueue") with its arguments; throws the core's message. */
export async function apiCall<T>(served: Served, method: string, args: unknown[]): Promise<T> {
  const response = await fetch(`${served.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backprop-token': served.token },
    body: encodeWire(args),
  });
  const reply = decodeWire<{ ok: boolean; value?: T; error?: { message: string } }>(
    await response.text(),
  );
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.value as T;
}

/** A preset shrunk to seconds: 2,000 training, 500 validation, 1,000 test examples. */
export function quickConfig(presetId: string, over: Partial<RunConfigInput> = {}): RunConfigInput {
  const preset = presetById(presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  return {
    ...preset.config,
    trainSize: 2000,
    validationSize: 500,
    testSize: 1000,
    epochs: 2,
    ...over,
  };
}

const done = new Set(['completed', 'failed', 'cancelled', 'diverged']);

/** Polls until every run has finished; returns their summaries. */
export async function waitForRuns(
  served: Served,
  ids: number[],
  timeoutMs = 90_000,
): Promise<RunSummary[]> {
  let runs: RunSummary[] = [];
  await expect
    .poll(
      async () => {
        runs = await Promise.all(ids.map((id) => apiCall<RunSummary>(served, 'runs.get', [id])));
        return runs.filter((r) => done.has(r.status)).length;
      },
      { timeout: timeoutMs, intervals: [500, 1000] },
    )
    .toBe(ids.length);
  return runs;
}

/** Navigates inside the app without reloading (the token lives in the page's session). */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}
