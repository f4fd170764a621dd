/**
 * "Test this fix" experiments started from findings, by run and rule: the runs the doctor queued
 * and, once they all finished, the verdict. The core keeps the link run → rule → test, so after a
 * reload loadStored finds the tests again and the verdict is computed from the stored runs.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { FixTestResult, RunSummary } from '../../../src-shared/contract/types';
import { fixVerdict, type FixVerdict } from '../../../src-shared/diagnostics/doctor/verdict';
import { messageOf } from './errors';
import { isTerminal } from '../../../src-shared/base/run-status';

export interface FixTest {
  result: FixTestResult | null;
  /** Runs finished so far, of all runs in the test. */
  finished: number;
  total: number;
  verdict: FixVerdict | null;
  error: string | null;
}

const key = (runId: number, rule: string) => `${runId}:${rule}`;
const fromResult = (result: FixTestResult): FixTest => ({
  result,
  finished: 0,
  total: result.originalRunIds.length + result.fixRunIds.length,
  verdict: null,
  error: null,
});
const isDone = (r: RunSummary) => isTerminal(r.status);

export const useFixTestsStore = defineStore('fixTests', () => {
  const tests = ref<Record<string, FixTest>>({});

  const get = (runId: number, rule: string): FixTest | undefined => tests.value[key(runId, rule)];

  async function start(runId: number, rule: string): Promise<void> {
    const k = key(runId, rule);
    tests.value[k] = { result: null, finished: 0, total: 0, verdict: null, error: null };
    try {
      tests.value[k] = fromResult(await api.doctor.testFix(runId, rule));
      await refresh(runId, rule);
    } catch (e) {
      tests.value[k].error = messageOf(e);
    }
  }

  const loaded = new Map<number, Promise<void>>();
  /** Runs whose stored tests have been looked up (whether or not that worked). */
  const checked = ref<Record<number, true>>({});

  /** Reads the fix tests already stored for a run's findings (once per run and page load), so
   * a test started earlier shows its runs and verdict instead of offering to queue another. */
  function loadStored(runId: number): Promise<void> {
    let pending = loaded.get(runId);
    if (!pending) {
      pending = api.doctor
        .fixTests(runId)
        .then(
          async (stored) => {
            // Oldest first: the newest test of a rule is the one kept.
            for (const result of stored) tests.value[key(runId, result.rule)] = fromResult(result);
            await Promise.all(stored.map((r) => refresh(runId, r.rule)));
          },
          () => void loaded.delete(runId),
        )
        .finally(() => (checked.value[runId] = true));
      loaded.set(runId, pending);
    }
    return pending;
  }

  /** Re-reads the test's runs and computes the verdict when all have finished. */
  async function refresh(runId: number, rule: string): Promise<void> {
    const test = tests.value[key(runId, rule)];
    if (!test?.result) return;
    const { originalRunIds, fixRunIds, experimentId } = test.result;
    try {
      const runs = await api.runs.list({ experimentId });
      // The original run itself may belong to another experiment: fetch what the list lacks.
      const missing = [...originalRunIds, ...fixRunIds].filter(
        (id) => !runs.some((r) => r.id === id),
      );
      runs.push(...(await Promise.all(missing.map((id) => api.runs.get(id)))));
      const pick = (ids: number[]) => runs.filter((r) => ids.includes(r.id));
      const [original, fixed] = [pick(originalRunIds), pick(fixRunIds)];
      test.finished = [...original, ...fixed].filter(isDone).length;
      test.verdict = fixVerdict(original, fixed);
    } catch (e) {
      test.error = messageOf(e);
    }
  }

  /** Whether a run belongs to any running test (so a view knows to call refresh). */
  function involves(runId: number): { runId: number; rule: string }[] {
    return Object.entries(tests.value)
      .filter(
        ([, t]) => t.result && [...t.result.originalRunIds, ...t.result.fixRunIds].includes(runId),
      )
      .map(([k]) => ({ runId: Number(k.split(':')[0]), rule: k.slice(k.indexOf(':') + 1) }));
  }

  return { tests, checked, get, start, loadStored, refresh, involves };
});
