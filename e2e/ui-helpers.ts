/**
 * Helpers for the view specs: calling the core directly (to set up runs without clicking), and
 * waiting for runs to finish. Calls go over the same HTTP contract the page uses.
 */
import { expect, type Page } from '@playwright/test';
import type { Served } from './fixtures';
import type { EpochRecord, RunBundle, RunSummary } from '../src-shared/contract/types';
import { runConfigSchema, type RunConfigInput } from '../src-shared/experiment/config';
import { presetById } from '../src-shared/experiment/presets';
import { decodeWire, encodeWire } from '../src-shared/base/wire';
import { epochRecord } from '../src-main/core/store/store.testing';

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

/**
 * A run bundle of `n` synthetic finished runs (no epochs, no weights): four learning rates, two
 * costs, every 7th run starred, every 5th tagged "baseline", accuracy spread over 10–97%.
 */
/** An epoch record with this accuracy on validation and test, and 1 − accuracy as costs. */
/** A record of a 784-30-10 network (the synthetic runs' nielsen-ch1 config): two weight layers'
 * statistics and ten outputs, as an import checks against the run's layers. */
function syntheticEpoch(epoch: number, accuracy: number): EpochRecord {
  return {
    ...epochRecord(epoch),
    epoch,
    trainCost: 1 - accuracy,
    trainAccuracy: null,
    validationCost: 1 - accuracy,
    validationAccuracy: accuracy,
    testCost: 1 - accuracy,
    testAccuracy: accuracy,
    learningRate: 1,
    seconds: 1,
    meanOutput: Array.from({ length: 10 }, () => 0.1),
    predictedClassFraction: Array.from({ length: 10 }, () => 0.1),
  };
}

export function syntheticBundle(n: number): RunBundle {
  const rates = [0.1, 0.5, 1, 3];
  const runs = Array.from({ length: n }, (_, i) => {
    const config = runConfigSchema.parse({
      ...quickConfig('nielsen-ch1'),
      name: `synthetic ${i + 1}`,
      learningRate: rates[i % 4],
      cost: i % 2 ? 'cross-entropy' : 'quadratic',
      seed: (i % 3) + 1,
    });
    const accuracy = 0.1 + ((i * 7919) % 870) / 1000;
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    return {
      run: {
        ...{
          name: config.name,
          status: 'completed' as const,
          config,
          createdAt: at,
          startedAt: at,
          finishedAt: at,
        },
        ...{
          priority: 0,
          seed: config.seed,
          tags: i % 5 === 0 ? ['baseline'] : [],
          notes: '',
          starred: i % 7 === 0,
        },
        ...{ error: null, attempts: 1, host: 'e2e', engineVersion: 'e2e', experimentName: null },
        final: {
          ...{
            epochs: 2,
            trainCost: 1 - accuracy,
            validationAccuracy: accuracy,
            testAccuracy: accuracy,
          },
          ...{ testCost: 1 - accuracy, bestValidationAccuracy: accuracy, bestEpoch: 2 },
        },
      },
      // The importer recomputes the summary from these, so they carry the accuracy above.
      epochs: [syntheticEpoch(1, accuracy * 0.9), syntheticEpoch(2, accuracy)],
      findings: [],
      weights: null,
    };
  });
  return {
    format: 'backprop-workbench-bundle',
    version: 1,
    exportedAt: new Date().toISOString(),
    engineVersion: 'e2e',
    runs,
  };
}

/** Imports a bundle through the core; returns the new run ids. */
export async function importBundle(served: Served, bundle: RunBundle): Promise<number[]> {
  const base64 = Buffer.from(JSON.stringify(bundle)).toString('base64');
  return (await apiCall<{ runIds: number[] }>(served, 'reports.importBundle', [base64])).runIds;
}
