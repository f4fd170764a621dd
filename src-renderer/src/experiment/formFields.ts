/**
 * The New experiment form's fields in one place: which control shows an issue at a config path,
 * what the control is labelled, and an issue's message in the form's words. The core's messages
 * name key paths ("learningRate must be > 0") for API and CLI users; the form says "Learning rate η
 * must be greater than 0" under the field that holds it.
 */
import type { FieldIssue } from './formIssues';

/** Every control of the form that shows issues, by the config path it edits, with its label. */
export const fieldLabels: Readonly<Record<string, string>> = {
  name: 'Name',
  dataset: 'Dataset',
  'dataset.dir': 'Folder',
  'dataset.path': 'CSV file',
  trainSize: 'Training examples',
  validationSize: 'Validation examples',
  testSize: 'Test examples',
  layers: 'Layers',
  activations: 'Activation',
  cost: 'Cost',
  'init.weights': 'Weights start as',
  'init.biases': 'Biases start as',
  learningRate: 'Learning rate η',
  batchSize: 'Mini-batch size',
  epochs: 'Epochs',
  seed: 'Seed',
  l2: 'L2 λ',
  l1: 'L1 λ',
  momentum: 'Momentum μ',
  optimizer: 'Optimizer',
  'optimizer.momentum': 'Momentum μ',
  'optimizer.rho': 'Decay ρ',
  'optimizer.beta1': 'Decay β₁',
  'optimizer.beta2': 'Decay β₂',
  'optimizer.epsilon': 'ε',
  expand: 'Expanded training data',
  schedule: 'η schedule',
  'schedule.every': 'Schedule every (epochs)',
  'schedule.factor': 'Schedule factor',
  'schedule.patience': 'Schedule patience (epochs)',
  'schedule.minLearningRate': 'Minimum η',
  earlyStopping: 'Early stopping',
  'earlyStopping.metric': 'Early stopping watches',
  'earlyStopping.patience': 'Early stopping patience (epochs)',
  shuffle: 'Shuffle each epoch',
  trainBiases: 'Train biases',
  precision: 'Precision',
  engine: 'Engine',
  threads: 'Threads',
  probeSize: 'Probe examples',
};

/** What early stopping can watch, in the form's words. */
export const earlyStoppingMetricOptions = [
  { value: 'validationAccuracy', label: 'validation accuracy' },
  { value: 'validationCost', label: 'validation cost' },
] as const;

/** Fields inside the collapsed Advanced section. */
export const advancedFields = [
  'shuffle',
  'trainBiases',
  'precision',
  'engine',
  'threads',
  'probeSize',
];

/** A row of the layer editor: "layers[2].units" is about its row "layers[2]". */
const layerRow = /^layers\[(\d+)\]/;

/** The control that shows an issue at `path`: a layer's row, the path itself, else its nearest
 * listed parent ("init.weights.high" → init.weights); null when no control edits it. */
export function fieldOf(path: string): string | null {
  const row = layerRow.exec(path);
  if (row) return row[0];
  const parts = path.replace(/\[\d+\]/g, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (candidate in fieldLabels) return candidate;
  }
  return null;
}

/** The label of the thing an issue is about, finer than its control: "Weights high", "Layer 2". */
function subjectOf(path: string, field: string): string {
  const layer = /^layers\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (layer) return `Layer ${Number(layer[1]) + 1}${layer[2] ? ` ${layer[2]}` : ''}`;
  const activation = /^activations\[(\d+)\]$/.exec(path);
  if (activation) return `Activation of weight layer ${Number(activation[1]) + 1}`;
  const init = /^init\.(weights|biases)\.(\w+)$/.exec(path);
  if (init) return `${init[1] === 'weights' ? 'Weights' : 'Biases'} ${init[2]}`;
  return fieldLabel(field);
}

/** Comparison signs in words. */
function inWords(text: string): string {
  return text
    .replace(/ >= /g, ' at least ')
    .replace(/ <= /g, ' at most ')
    .replace(/ > /g, ' greater than ')
    .replace(/ < /g, ' less than ');
}

/** The label of a control: a layer row's is "Layer 3". */
export function fieldLabel(field: string): string {
  const row = layerRow.exec(field);
  return row ? `Layer ${Number(row[1]) + 1}` : fieldLabels[field];
}

/** The names the schema's messages start with for a path ("learningRate", "layer size", "low"). */
function internalNames(path: string): string[] {
  const bare = path.replace(/\[\d+\]/g, '');
  return [bare, bare.split('.').at(-1) ?? bare, 'layer size', 'path'];
}

/** The message in the form's words: the subject's label instead of the key path, signs in words. */
export function formMessage(issue: FieldIssue, field: string): string {
  const subject = subjectOf(issue.path, field);
  let message = issue.message;
  const name = internalNames(issue.path).find((n) => message.startsWith(`${n} `));
  if (name) message = message.slice(name.length + 1);
  else if (message.startsWith(`${subject} `)) message = message.slice(subject.length + 1);
  else if (!/^(must|needs|is|has) /.test(message)) return inWords(`${subject}: ${message}`);
  return inWords(`${subject} ${message}`);
}

export interface FormFieldIssue {
  /** The control's config path (fieldLabels' key), or null for a path no control edits. */
  field: string | null;
  label: string;
  message: string;
}

/** One issue per control, the first of each, in the order given; paths no control edits are kept
 * (field null) so that nothing the core says is lost. */
export function issuesByField(issues: readonly FieldIssue[]): FormFieldIssue[] {
  const seen = new Set<string>();
  const result: FormFieldIssue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    const key = field ?? issue.path;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      field,
      label: field ? fieldLabel(field) : issue.path,
      message: field ? formMessage(issue, field) : `${issue.path}: ${issue.message}`,
    });
  }
  return result;
}
