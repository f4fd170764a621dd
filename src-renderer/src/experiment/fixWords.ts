/**
 * A doctor's fix in the New experiment form's words: "set Weights start as to U[-0.5,0.5) and
 * Biases start as to U[-0.5,0.5)" rather than "set `init` to …". A fix of a field whose value
 * is an object (init, earlyStopping) is said field by field, each under its control's label.
 */
import { describeValue } from '../../../src-shared/base/values';
import { earlyStoppingMetricOptions, fieldLabels } from './formFields';

export interface FixChange {
  /** The form's label of the control that holds the value. */
  label: string;
  /** The value in words. */
  value: string;
}

const choiceWords: Readonly<Record<string, string>> = Object.fromEntries(
  earlyStoppingMetricOptions.map((o) => [o.value, o.label]),
);

function inWords(value: unknown): string {
  return typeof value === 'string' ? (choiceWords[value] ?? value) : describeValue(value);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !('kind' in v);

/** The controls a fix sets, with their labels and new values in words. */
export function fixChanges(field: string, value: unknown): FixChange[] {
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(([key, v]) => ({ path: `${field}.${key}`, v }));
    if (parts.length && parts.every((p) => p.path in fieldLabels))
      return parts.map((p) => ({ label: fieldLabels[p.path], value: inWords(p.v) }));
  }
  return [{ label: fieldLabels[field] ?? field, value: inWords(value) }];
}
