/**
 * Field-level messages for the experiment form, from the same schema the core uses. Issue paths
 * are dotted ("init.weights.high", "layers[1]"), exactly as the core reports them, so issues
 * from the client-side check and from the core's reply land on the same field.
 */
import { runConfigFields, runConfigSchema } from '../../../src-shared/experiment/config';
import { parseOrThrow, ValidationError } from '../../../src-shared/base/validation';

export interface FieldIssue {
  path: string;
  message: string;
}

/** The run config's schema issues for `draft` (empty when it is valid). */
export function configIssues(draft: unknown): FieldIssue[] {
  try {
    parseOrThrow(runConfigSchema, draft);
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
}

const topLevelKeys = runConfigFields;

/** Drops what a transport put before the config path ("config.", "queue.enqueue[0]."). */
export function normalizeIssuePath(path: string): string {
  const parts = path.split('.');
  const start = parts.findIndex((p) => topLevelKeys.includes(p.replace(/\[\d+\]$/, '')));
  return start < 0 ? path : parts.slice(start).join('.');
}
