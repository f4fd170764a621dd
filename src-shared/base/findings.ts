/** What the training doctor says about a run. */
export type Severity = 'info' | 'warning' | 'error';

/**
 * One config field a finding's suggestion changes: "up" or "down" for a number (whatever the
 * amount), "set" with the new value for anything else. diagnose() uses these to make sure no two
 * findings pull one field opposite ways.
 */
export interface ConfigChange {
  /** Dotted config path, as in Finding.fix. */
  field: string;
  direction: 'up' | 'down' | 'set';
  /** The new value, for "set". */
  value?: unknown;
}

export interface Finding {
  /** Stable rule id, e.g. "saturated-layer". */
  rule: string;
  severity: Severity;
  /** Epoch the evidence comes from (0 = before training). */
  epoch: number;
  /** Weight layer the finding is about, when it is about one. */
  layer?: number;
  title: string;
  /** One paragraph in plain language naming the cause. */
  message: string;
  /** Numbers that back the finding, by name. */
  evidence: Record<string, number | string>;
  /** Which chart shows it: "cost", "accuracy", "saturation", "gradients", "weights". */
  chart?: string;
  suggestion: string;
  /** A config change that tests the suggestion: dotted config path → new value. */
  fix?: { field: string; value: unknown; label: string };
  /** Every config change the suggestion asks for, the fix's included; absent or empty when it
   * asks for none (findings stored before this field existed have none either). */
  changes?: ConfigChange[];
}
