/**
 * Helpers for the view specs: calling the core directly (to set up runs without clicking), and
 * waiting for runs to finish. Calls go over the same HTTP contract the page uses.
 */
import { expect, type Locator, type Page } from '@playwright/test';
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

/**
 * What runs past the window at its current width: the page scrolling sideways, or any element
 * whose right edge is past the window's or past its card's. Inside a .scroll-region only the
 * region itself counts: what it holds scrolls within it. Each entry names the element and by how
 * many pixels.
 */
export function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const past = (what: string, by: number) =>
      by > 0.5 ? [`${what} by ${Math.round(by)} px`] : [];
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 24)}”`;
    const shown = Array.from(document.querySelectorAll('.page *')).filter(
      (el) =>
        !el.parentElement!.closest('.scroll-region') &&
        !el.closest('.sr-only') &&
        el.getClientRects().length > 0,
    );
    // Only the outermost element that runs past: what it holds runs past with it.
    const reported = new Set<Element>();
    const found = shown.flatMap((el) => {
      if (el.parentElement && reported.has(el.parentElement)) {
        reported.add(el);
        return [];
      }
      const right = el.getBoundingClientRect().right;
      const card = el.parentElement!.closest('.card');
      const entries = [
        ...past(`${name(el)} past the window`, right - window.innerWidth),
        ...(card
          ? past(`${name(el)} past its card`, right - card.getBoundingClientRect().right)
          : []),
      ];
      if (entries.length > 0) reported.add(el);
      return entries;
    });
    return [
      ...past('the page', document.scrollingElement!.scrollWidth - window.innerWidth),
      ...found,
    ];
  });
}

/**
 * A region wider than the window scrolls in its own box, which a keyboard user reaches with Tab
 * from `before` and scrolls with the arrow keys (tabindex="0": Chromium focuses a scrolling box by
 * itself, Safari on a phone does not). Saves the region's screenshot as `shot`.
 */
export async function expectKeyboardScroll(
  region: Locator,
  before: Locator,
  shot: string,
): Promise<void> {
  const scrolled = () => region.evaluate((el) => el.scrollLeft);
  expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
  await expect(region).toHaveAttribute('tabindex', '0');
  await before.focus();
  await region.page().keyboard.press('Tab');
  await expect(region).toBeFocused();
  expect(await scrolled()).toBe(0);
  await region.page().keyboard.press('ArrowRight');
  await expect.poll(scrolled).toBeGreaterThan(0);
  await region.screenshot({ path: `e2e/screenshots/${shot}.png` });
}
