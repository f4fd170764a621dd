/** The Runs table's columns: what each shows and which field it sorts by. */
import type { RunSummary } from '../../../../src-shared/contract/types';
import { getPath } from '../../../../src-shared/base/values';
import { extentText, runSource, shownConfig } from '../../../../src-shared/experiment/run-view';
import { formatMetric } from '../../compare/metrics';
import { datasetLabel, fieldGetter, formatLeaf } from '../../runs/runFields';

export interface RunColumn {
  id: string;
  label: string;
  /** Field for sorting (see runFields.fieldGetter). */
  field: string;
  width: string;
  numeric?: boolean;
  text: (run: RunSummary) => string;
}

/** A column showing the run's config value at `path` (a logged run's logged param there, if any):
 * the same reader sorts and filters it (runFields.fieldGetter). */
function configColumn(id: string, label: string, path: string, width: string, numeric = false) {
  const read = fieldGetter(path);
  return { id, label, field: path, width, numeric, text: (r: RunSummary) => formatLeaf(read(r)) };
}

/** Activations as "sigmoid" or "relu/sigmoid" (formatLeaf would join words with commas). */
function acts(run: RunSummary): string {
  const a = getPath(shownConfig(run), 'activations');
  return Array.isArray(a) ? a.map(formatLeaf).join('/') : formatLeaf(a);
}

export const baseColumns: RunColumn[] = [
  { id: 'id', label: '#', field: 'id', width: '56px', numeric: true, text: (r) => String(r.id) },
  {
    id: 'name',
    label: 'Name',
    field: 'name',
    width: 'minmax(170px, 2fr)',
    text: (r) => r.name || `Run ${r.id}`,
  },
  { id: 'status', label: 'Status', field: 'status', width: '92px', text: (r) => r.status },
  { id: 'source', label: 'Source', field: 'source', width: '70px', text: runSource },
  {
    id: 'test',
    label: 'Test acc.',
    field: 'testAccuracy',
    width: '80px',
    numeric: true,
    text: (r) => formatMetric(r.final?.testAccuracy, true),
  },
  {
    id: 'bestVal',
    label: 'Best val.',
    field: 'bestValidationAccuracy',
    width: '80px',
    numeric: true,
    text: (r) => formatMetric(r.final?.bestValidationAccuracy, true),
  },
  { id: 'dataset', label: 'Data', field: 'dataset', width: '70px', text: datasetLabel },
  configColumn('layers', 'Layers', 'layers', '100px'),
  { id: 'activations', label: 'Activation', field: 'activations', width: '86px', text: acts },
  configColumn('cost', 'Cost', 'cost', '96px'),
  // Sorted by the init's kind: the whole init object has no order.
  { ...configColumn('init', 'W init', 'init.weights', '100px'), field: 'init.weights.kind' },
  configColumn('lr', 'η', 'learningRate', '56px', true),
  configColumn('batch', 'Batch', 'batchSize', '56px', true),
  {
    id: 'epochs',
    label: 'Epochs',
    field: 'epochsDone',
    width: '90px',
    numeric: true,
    text: extentText,
  },
  {
    id: 'created',
    label: 'Created',
    field: 'createdAt',
    width: '120px',
    text: (r) =>
      new Date(r.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }),
  },
];

/** A column for any dotted config path the user adds. */
export function pathColumn(path: string): RunColumn {
  const read = fieldGetter(path);
  return {
    id: `path:${path}`,
    label: path,
    field: path,
    width: '110px',
    text: (r) => formatLeaf(read(r)),
  };
}
