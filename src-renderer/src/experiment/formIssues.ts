/**
 * Field-level messages for the experiment form, from the same schema the core uses. Issue paths
 * are dotted ("init.weights.high", "layers[1]"), exactly as the core reports them, so issues
 * from the client-side check and from the core's reply land on the same field.
 */
import { runConfigFields, runConfigSchema } from '../../../src-shared/experiment/config';
import { parseOrThrow, ValidationError } from '../../../src-shared/base/validation';
import type { DatasetInfo } from '../../../src-shared/contract/types';

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

/** Whether `layers` fits the dataset's inputs and outputs, as the core checks before queueing
 * (engine/validate-shape.ts): an issue at "layers" saying what the dataset needs, or none. */
export function layersFitIssues(layers: unknown, dataset: DatasetInfo | undefined): FieldIssue[] {
  if (!dataset || !Array.isArray(layers) || layers.length < 2) return [];
  if (!layers.every((n) => Number.isInteger(n) && n > 0)) return [];
  const sizes = layers as number[];
  const outputs = dataset.outputSize ?? dataset.classes;
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  if (first === dataset.inputSize && last === outputs) return [];
  const hidden = sizes.length > 2 ? sizes.slice(1, -1).join('-') : '';
  const example = [dataset.inputSize, hidden, outputs].filter((x) => x !== '').join('-');
  const unit = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const wrong = [
    first !== dataset.inputSize ? `starts with ${first}` : '',
    last !== outputs ? `ends with ${last}` : '',
  ].filter(Boolean);
  return [
    {
      path: 'layers',
      message: `${dataset.name} needs ${unit(dataset.inputSize, 'input')} and ${unit(outputs, 'output')} (e.g. ${example}); ${sizes.join('-')} ${wrong.join(' and ')}`,
    },
  ];
}
