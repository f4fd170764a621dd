/**
 * The Settings page's check of one value before it is sent: the same schema as settings.update
 * (settingFields), with the message in the page's words — the field's label and the allowed range
 * ("Runs at the same time must be a whole number from 1 to 64"), not the API's key path.
 */
import { z } from 'zod';
import { settingFields } from '../../../src-shared/contract/schemas';
import type { Settings } from '../../../src-shared/contract/types';

/** Each setting as the page labels it. */
export const settingLabels: Record<keyof Settings, string> = {
  concurrency: 'Runs at the same time',
  theme: 'Theme',
  resumeInterrupted: 'Interrupted runs',
  redisUrl: 'Queue on Redis',
  hangTimeoutSeconds: 'Hung trainer timeout',
  singleKeyShortcuts: 'Keyboard shortcuts',
};

/** "a whole number from 1 to 64" for a bounded number schema, else null. */
export function rangeOf(schema: z.ZodType): string | null {
  if (!(schema instanceof z.ZodNumber)) return null;
  const { minValue, maxValue, isInt } = schema;
  if (minValue === null || maxValue === null) return null;
  const range = `from ${minValue.toLocaleString('en-US')} to ${maxValue.toLocaleString('en-US')}`;
  return isInt ? `a whole number ${range}` : `a number ${range}`;
}

/** Null when `value` is allowed for `key`, else one sentence naming the field. */
export function settingProblem<K extends keyof Settings>(key: K, value: unknown): string | null {
  const schema: z.ZodType = settingFields[key];
  const result = schema.safeParse(value);
  if (result.success) return null;
  const range = rangeOf(schema);
  if (range) return `${settingLabels[key]} must be ${range}`;
  return `${settingLabels[key]}: ${result.error.issues[0]?.message ?? 'not allowed'}`;
}
