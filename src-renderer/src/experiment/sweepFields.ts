/**
 * The sweep builder's fields: which config paths can vary and how a typed list of values is read.
 * The list follows the config being edited (sweepFieldsFor): fields every config has, and those of
 * its conv layers, hidden layers, optimizer and schedule (sweepConfigFields.ts).
 * Numbers: "0.1, 0.5, 3". Choices: "sigmoid, tanh". Layer lists: "784-30-10; 784-100-10".
 * Inits: "U[0,1), U[-0.5,0.5), N(0,1), scaled-normal, xavier-uniform".
 */
import { activationNames, costNames, type InitSpec } from '../../../src-shared/experiment/config';
import { optimizerKinds } from '../../../src-shared/engine/options';
import { sameValue } from '../../../src-shared/base/values';
import {
  convFields,
  hiddenLayerFields,
  optimizerFields,
  scheduleFields,
} from './sweepConfigFields';

export type SweepFieldKind = 'number' | 'integer' | 'choice' | 'layers' | 'init' | 'optimizer';

/** The headings the field choice is grouped under, in this order. */
export const sweepGroups = ['Training', 'Network', 'Regularization', 'Optimizer'] as const;
export type SweepGroup = (typeof sweepGroups)[number];

export interface SweepField {
  path: string;
  label: string;
  group: SweepGroup;
  kind: SweepFieldKind;
  choices?: readonly string[];
  placeholder: string;
  /** Bounds of a number or whole number: at least `min`, more than `above`, less than `below`. */
  min?: number;
  above?: number;
  below?: number;
}

const trainingFields: readonly SweepField[] = [
  {
    path: 'learningRate',
    label: 'Learning rate η',
    group: 'Training',
    kind: 'number',
    above: 0,
    placeholder: '0.1, 0.5, 3',
  },
  {
    path: 'batchSize',
    label: 'Batch size',
    group: 'Training',
    kind: 'integer',
    min: 1,
    placeholder: '1, 10, 100',
  },
  {
    path: 'epochs',
    label: 'Epochs',
    group: 'Training',
    kind: 'integer',
    min: 1,
    placeholder: '5, 10',
  },
  {
    path: 'trainSize',
    label: 'Training examples',
    group: 'Training',
    kind: 'integer',
    min: 1,
    placeholder: '1000, 10000',
  },
];

const networkFields: readonly SweepField[] = [
  {
    path: 'layers',
    label: 'Layers',
    group: 'Network',
    kind: 'layers',
    placeholder: '784-30-10; 784-100-10',
  },
  {
    path: 'cost',
    label: 'Cost',
    group: 'Network',
    kind: 'choice',
    choices: costNames,
    placeholder: 'quadratic, cross-entropy',
  },
  {
    path: 'init.weights',
    label: 'Weight init',
    group: 'Network',
    kind: 'init',
    placeholder: 'U[0,1), U[-0.5,0.5), N(0,1)',
  },
  {
    path: 'init.biases',
    label: 'Bias init',
    group: 'Network',
    kind: 'init',
    placeholder: 'U[0,1), N(0,1)',
  },
];

/** One activation for every layer: offered when the config gives one name, not one per layer
 * (then each hidden layer's is a field of its own, and the output's stays with the cost). */
const allActivations: SweepField = {
  path: 'activations',
  label: 'Activation',
  group: 'Network',
  kind: 'choice',
  choices: activationNames,
  placeholder: 'sigmoid, tanh',
};

const regularizationFields: readonly SweepField[] = [
  {
    path: 'l2',
    label: 'L2 λ',
    group: 'Regularization',
    kind: 'number',
    min: 0,
    placeholder: '0, 1, 5',
  },
  {
    path: 'l1',
    label: 'L1 λ',
    group: 'Regularization',
    kind: 'number',
    min: 0,
    placeholder: '0, 0.1',
  },
];

/** The optimizer itself, each kind with its default settings. */
const optimizerKind: SweepField = {
  path: 'optimizer',
  label: 'Optimizer',
  group: 'Optimizer',
  kind: 'optimizer',
  choices: optimizerKinds,
  placeholder: 'sgd, momentum, adam',
};

/** The fields a sweep over `config` (the sizes form the form sends) can vary, grouped in
 * sweepGroups' order. */
export function sweepFieldsFor(config: Record<string, unknown>): SweepField[] {
  const fields = [
    ...trainingFields,
    ...scheduleFields(config),
    ...convFields(config),
    ...hiddenLayerFields(config),
    ...networkFields,
    ...(Array.isArray(config.activations) ? [] : [allActivations]),
    ...regularizationFields,
    optimizerKind,
    ...optimizerFields(config),
  ];
  const rank = (f: SweepField) => sweepGroups.indexOf(f.group);
  return fields.sort((a, b) => rank(a) - rank(b));
}

const namedInits = [
  'scaled-normal',
  'xavier-uniform',
  'xavier-normal',
  'he-uniform',
  'he-normal',
  'zeros',
];

/** Reads one init: U[a,b), N(m,s), "const v", or a named scheme. */
export function parseInit(text: string): InitSpec | string {
  const t = text.trim();
  const uniform = /^U\[\s*(-?[\d.e+-]+)\s*,\s*(-?[\d.e+-]+)\s*[)\]]$/i.exec(t);
  if (uniform) return { kind: 'uniform', low: Number(uniform[1]), high: Number(uniform[2]) };
  const normal = /^N\(\s*(-?[\d.e+-]+)\s*,\s*([\d.e+-]+)\s*\)$/i.exec(t);
  if (normal) return { kind: 'normal', mean: Number(normal[1]), std: Number(normal[2]) };
  const constant = /^const\s+(-?[\d.e+-]+)$/i.exec(t);
  if (constant) return { kind: 'constant', value: Number(constant[1]) };
  if (namedInits.includes(t)) return { kind: t } as InitSpec;
  return `"${t}" is not an init: write U[low,high), N(mean,std), const v or one of ${namedInits.join(', ')}`;
}

/** Splits on commas and semicolons that are not inside U[...) or N(...). */
function splitList(text: string): string[] {
  return (text.match(/U\[[^\])]*[\])]|N\([^)]*\)|const\s+[^,;]+|[^,;\s][^,;]*/gi) ?? []).map((s) =>
    s.trim(),
  );
}

type Parsed = { value: unknown } | { error: string };

// Plain decimal numbers only: Number() would also read "0x10", "Infinity" and "".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number within the field's bounds (a whole one for an integer field). */
function parseNumber(field: SweepField, token: string): Parsed {
  const n = Number(token);
  if (!DECIMAL.test(token) || !Number.isFinite(n)) return { error: `"${token}" is not a number` };
  if (field.kind === 'integer' && !Number.isInteger(n))
    return { error: `"${token}" is not a whole number` };
  if (field.min !== undefined && n < field.min)
    return { error: `"${token}" is too small: it must be at least ${field.min}` };
  if (field.above !== undefined && n <= field.above)
    return { error: `"${token}" is too small: it must be greater than ${field.above}` };
  if (field.below !== undefined && n >= field.below)
    return { error: `"${token}" is too large: it must be less than ${field.below}` };
  return { value: n };
}

const choiceProblem = (field: SweepField, token: string) =>
  `"${token}" is not one of ${field.choices?.join(', ')}`;

function parseOne(field: SweepField, token: string): Parsed {
  switch (field.kind) {
    case 'number':
    case 'integer':
      return parseNumber(field, token);
    case 'choice':
      return field.choices?.includes(token)
        ? { value: token }
        : { error: choiceProblem(field, token) };
    case 'optimizer':
      // A whole optimizer, so that no setting of another kind is left behind in it.
      return field.choices?.includes(token)
        ? { value: { kind: token } }
        : { error: choiceProblem(field, token) };
    case 'layers': {
      const sizes = token.split(/[-x×\s]+/).map(Number);
      return sizes.length >= 2 && sizes.every((s) => Number.isInteger(s) && s > 0)
        ? { value: sizes }
        : { error: `"${token}" is not a layer list like 784-30-10` };
    }
    case 'init': {
      const init = parseInit(token);
      return typeof init === 'string' ? { error: init } : { value: init };
    }
  }
}

/** The text a row starts with when its field is chosen: a few values worth comparing, or for
 * layers the form's own (a layer list only fits its dataset). */
export function defaultValues(field: SweepField, base: Record<string, unknown>): string {
  if (field.kind === 'layers' && Array.isArray(base.layers)) return base.layers.join('-');
  return field.placeholder;
}

/** The values of one row, or the first problem as a sentence. */
export function parseSweepValues(
  field: SweepField,
  text: string,
): { values: unknown[] } | { error: string } {
  const tokens =
    field.kind === 'layers'
      ? text
          .split(/[;,|]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : splitList(text);
  if (tokens.length === 0) return { error: `${field.label}: give at least one value` };
  const values: unknown[] = [];
  for (const token of tokens) {
    const parsed = parseOne(field, token);
    if ('error' in parsed) return { error: `${field.label}: ${parsed.error}` };
    // The grid would queue the same runs twice.
    if (values.some((v) => sameValue(v, parsed.value)))
      return { error: `${field.label}: "${token}" is listed twice` };
    values.push(parsed.value);
  }
  return { values };
}

/** Seeds: "1, 2, 3" or a count "×3" / "3 seeds" meaning 1..3. */
export function parseSeeds(text: string): { seeds: number[] } | { error: string } {
  const count = /^(?:×|x)?\s*(\d+)\s*seeds?$|^×\s*(\d+)$/i.exec(text.trim());
  if (count) {
    const n = Number(count[1] ?? count[2]);
    if (n < 1 || n > 100) return { error: 'seeds: between 1 and 100 seeds' };
    return { seeds: Array.from({ length: n }, (_, i) => i + 1) };
  }
  const seeds = splitList(text).map(Number);
  if (seeds.length === 0) return { error: 'seeds: give at least one seed' };
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff))
    return { error: 'seeds: whole numbers from 0 to 4294967295, e.g. "1, 2, 3" or "3 seeds"' };
  return { seeds };
}
