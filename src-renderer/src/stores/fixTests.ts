/**
 * "Test this fix" experiments started from findings, by run and rule: the runs the doctor queued
 * and, once they all finished, the verdict. Kept across views so leaving Run detail loses nothing.
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
const isDone = (r: RunSummary) => isTerminal(r.status);

export const useFixTestsStore = defineStore('fixTests', () => {
  const tests = ref<Record<string, FixTest>>({});

  const get = (runId: number, rule: string): FixTest | undefined => tests.value[key(runId, rule)];

  async function start(runId: number, rule: string): Promise<void> {
    const k = key(runId, rule);
    tests.value[k] = { result: null, finished: 0, total: 0, verdict: null, error: null };
    try {
      const result = await api.doctor.testFix(runId, rule);
      const total = result.originalRunIds.length + result.fixRunIds.length;
      tests.value[k] = { ...tests.value[k], result, total };
      await refresh(runId, rule);
    } catch (e) {
      tests.value[k].error = messageOf(e);
    }
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

  return { tests, get, start, refresh, involves };
});
