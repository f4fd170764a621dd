/** The Runs table's columns: what each shows and which field it sorts by. */
import type { RunSummary } from '../../../../src-shared/contract/types';
import { describeValue } from '../../../../src-shared/base/values';
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

const acts = (run: RunSummary) =>
  Array.isArray(run.config.activations) ? run.config.activations.join('/') : run.config.activations;

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
  {
    id: 'layers',
    label: 'Layers',
    field: 'layers',
    width: '100px',
    text: (r) => r.config.layers.join('-'),
  },
  { id: 'activations', label: 'Activation', field: 'activations', width: '86px', text: acts },
  { id: 'cost', label: 'Cost', field: 'cost', width: '96px', text: (r) => r.config.cost },
  {
    id: 'init',
    label: 'W init',
    field: 'init.weights.kind',
    width: '100px',
    text: (r) => describeValue(r.config.init.weights),
  },
  {
    id: 'lr',
    label: 'η',
    field: 'learningRate',
    width: '56px',
    numeric: true,
    text: (r) => String(r.config.learningRate),
  },
  {
    id: 'batch',
    label: 'Batch',
    field: 'batchSize',
    width: '56px',
    numeric: true,
    text: (r) => String(r.config.batchSize),
  },
  {
    id: 'epochs',
    label: 'Epochs',
    field: 'epochs',
    width: '60px',
    numeric: true,
    text: (r) => String(r.config.epochs),
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
