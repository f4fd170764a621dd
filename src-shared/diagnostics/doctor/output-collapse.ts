/**
 * Rule "output-collapse", judged after training (epoch ≥ 1) and only when it lasts to the latest
 * record: the network answers the same whatever the input.
 * - error: ≥ 90% of output units constant across probe inputs. The outputs then settle at the
 *   average target — the class prior, about 1/k each — the best a constant answer can do under
 *   quadratic or cross-entropy cost; accuracy is the share of the most common class.
 * - warning: one class predicted for ≥ 90% of probe examples (with 3 or more classes).
 * At epoch 0 a random network often favours one class; that is not a finding.
 * The suggestion points at the hidden layers; it adds "a smaller learning rate" only when some epoch
 * moved a layer by half its size or more (with small steps, a smaller η would only slow it further).
 */
import type { EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { isStill, statsOf } from './layer-inputs';
import { classCount, denseLayerName, weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { trainedRecords } from './run-progress';
import { tookLargeSteps } from './weight-growth';
import { num, percent } from './wording';

function severityOf(input: DiagnoseInput, record: EpochRecord): Severity | null {
  const output = statsOf(record, weightLayerCount(input.config));
  if (output && isStill(output)) return 'error';
  const top = Math.max(...record.predictedClassFraction);
  if (classCount(input.config) >= 3 && top >= 0.9) return 'warning';
  return null;
}

/** The earliest record from which the collapse holds without a break up to the latest. */
function onset(input: DiagnoseInput, records: EpochRecord[], severity: Severity): EpochRecord {
  let start = records[records.length - 1];
  for (let i = records.length - 1; i >= 0 && severityOf(input, records[i]) === severity; i--)
    start = records[i];
  return start;
}

function constantHiddenLayer(input: DiagnoseInput, record: EpochRecord): number | null {
  const hidden = record.layers.find((s) => s.layer < weightLayerCount(input.config) && isStill(s));
  return hidden ? hidden.layer : null;
}

function message(input: DiagnoseInput, record: EpochRecord, severity: Severity): string {
  const k = classCount(input.config);
  const outputs = record.meanOutput.map((v) => num(v)).join(', ');
  const hidden = constantHiddenLayer(input, record);
  const why =
    hidden === null
      ? ''
      : ` Nothing below the outputs varies with the input: ${denseLayerName(input.config, hidden)} is constant (see its findings).`;
  if (severity === 'error') {
    return (
      `From epoch ${record.epoch} on, the ${k} outputs are the same for every probe example (averages: ${outputs}). ` +
      `A network whose outputs cannot see the input does the best a fixed answer can: it outputs the average ` +
      `target, which is how often each class occurs (the class prior, about ${num(1 / k)} each). Its accuracy is ` +
      `the share of the most common class.${why}`
    );
  }
  const top = Math.max(...record.predictedClassFraction);
  const cls = record.predictedClassFraction.indexOf(top);
  return (
    `From epoch ${record.epoch} on, the network predicts class ${cls} for ${percent(top)} of the probe ` +
    `examples: it has found one answer that keeps the cost lowish and stopped there.${why}`
  );
}

const LOOK_BELOW =
  'Look at the hidden layers first: saturated, dead or constant units there leave the outputs nothing to work with.';

export function outputCollapse(input: DiagnoseInput): Finding[] {
  const records = trainedRecords(input.epochs);
  const latest = records[records.length - 1];
  const severity = latest ? severityOf(input, latest) : null;
  if (!latest || !severity) return [];
  const record = onset(input, records, severity);
  const large = tookLargeSteps(input.epochs);
  return [
    {
      rule: 'output-collapse',
      severity,
      epoch: record.epoch,
      layer: weightLayerCount(input.config),
      title:
        severity === 'error'
          ? 'The outputs ignore the input'
          : 'The network predicts almost always one class',
      message: message(input, record, severity),
      evidence: {
        outputConstantFraction:
          statsOf(record, weightLayerCount(input.config))?.constantFraction ?? 'unknown',
        largestPredictedClassFraction: Math.max(...record.predictedClassFraction),
        meanOutput: record.meanOutput.map((v) => num(v)).join(', '),
      },
      chart: 'accuracy',
      suggestion: large
        ? `${LOOK_BELOW} If they are healthy, try a smaller learning rate: some epoch moved the weights by half their size or more.`
        : LOOK_BELOW,
      changes: large ? [{ field: 'learningRate', direction: 'down' }] : [],
    },
  ];
}
