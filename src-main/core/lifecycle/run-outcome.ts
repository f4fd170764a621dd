/** Wording of how a run ended, and the doctor call that must never take a run down with it. */
import type { DiagnoseInput } from '../../../src-shared/diagnostics/doctor';
import type { Finding } from '../../../src-shared/base/findings';

export type Diagnose = (input: DiagnoseInput) => Finding[];

/** The doctor's findings, or the previous behaviour (none) if a rule throws. */
export function diagnoseSafely(
  diagnose: Diagnose | undefined,
  input: DiagnoseInput,
): Finding[] | undefined {
  if (!diagnose) return undefined;
  try {
    return diagnose(input);
  } catch (error) {
    console.error('The doctor failed on this run:', error);
    return undefined;
  }
}

/** Lines of V8's report when a process runs out of heap. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/i;

/**
 * Why a trainer that exited without finishing its run failed, in one sentence:
 * "The trainer was killed by SIGKILL before the run finished" or
 * "The trainer ran out of memory (exit code 134)".
 */
export function describeExit(code: number | null, signal: string | null, output = ''): string {
  const how = signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
  if (OUT_OF_MEMORY.test(output)) return `The trainer ran out of memory (${how})`;
  const lastLine = lastMeaningfulLine(output);
  const detail = lastLine ? `: ${lastLine}` : '';
  if (signal) return `The trainer was killed by ${signal} before the run finished${detail}`;
  return `The trainer exited with code ${code ?? 'unknown'} before the run finished${detail}`;
}

/**
 * The line that says what went wrong: the last "SomethingError: …" line of Node's crash report
 * (it ends with a stack, the error's properties and "Node.js v20…", none of which helps), else
 * the last line that is not that version trailer.
 */
function lastMeaningfulLine(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^Node\.js v\d/.test(line));
  return lines.findLast((line) => /^\w*Error\b[^:]*: /.test(line)) ?? lines.at(-1);
}
