/**
 * A finished run's predictions on its whole test split (the sizes it trained with), from its final
 * weights: the confusion matrix of the reports and of the run page, computed once here so both
 * show the numbers the headline accuracy counts. Classification runs in chunks between turns of
 * the event loop, so the app's main process and the server stay responsive meanwhile.
 */
import type { LoadedDataset, Split } from '../../../src-shared/base/dataset';
import type { RunDetail, WeightsJson } from '../../../src-shared/contract/types';
import type { DatasetSpec } from '../../../src-shared/experiment/config';
import { activationsOf } from '../../../src-shared/experiment/config';
import type { SplitSizes } from '../../../src-shared/datasets/split';
import type { ReportConfusion } from '../../../src-shared/report/model';
import {
  classifyInto,
  confusionOfPredictions,
  featureStackFromWeights,
  fitsSplit,
  networkFromWeights,
} from '../../../src-shared/report/confusion';

export type LoadForReport = (
  spec: DatasetSpec,
  sizes: SplitSizes,
) => LoadedDataset | Promise<LoadedDataset>;

/** The run's dataset with its own split sizes; null when its files are gone (a report then says
 * nothing of it rather than fail). */
export async function loadRunData(
  run: RunDetail,
  load: LoadForReport,
): Promise<LoadedDataset | null> {
  const c = run.config;
  try {
    return await load(c.dataset, {
      trainSize: c.trainSize,
      validationSize: c.validationSize,
      testSize: c.testSize,
    });
  } catch {
    return null;
  }
}

/** Examples classified between two turns of the event loop. */
const CLASSIFY_CHUNK = 1000;

export interface TestPredictions {
  confusion: ReportConfusion;
  test: Split;
  /** predicted[i] is the class the network gives test example i. */
  predicted: Int32Array;
}

/** The run's test split classified with `weights`; null when the dataset's files are gone, the
 * split has no labels, or the network does not fit it. A conv net is classified through its conv
 * layers; one stored before its weights kept them gets null, since its dense layers read the conv
 * layers' output, not the pixels (the two can even have the same count, so sizes would not tell). */
export async function testPredictions(
  run: RunDetail,
  weights: WeightsJson,
  load: LoadForReport,
): Promise<TestPredictions | null> {
  const c = run.config;
  // A conv net's matrix needs its conv layers: never its dense layers alone on raw pixels.
  if (c.features && !weights.features) return null;
  const data = await loadRunData(run, load);
  if (!data) return null;
  const { test, outputSize: classes } = data;
  if (test.targets) return null;
  const net = networkFromWeights(weights, activationsOf(c));
  const stack = featureStackFromWeights(weights, c.features);
  if (test.count === 0 || !fitsSplit(net, test, classes, stack)) return null;
  const predicted = new Int32Array(test.count);
  for (let from = 0; from < test.count; from += CLASSIFY_CHUNK) {
    const to = Math.min(test.count, from + CLASSIFY_CHUNK);
    classifyInto(net, test, predicted, from, to, stack);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const matrix = confusionOfPredictions(test.labels, predicted, classes);
  if (!matrix) return null;
  const classNames = data.classNames ?? Array.from({ length: classes }, (_, i) => String(i));
  return { confusion: { ...matrix, classNames }, test, predicted };
}

/** The first `limit` misclassified examples in split order, with their pixels as bytes 0–255. */
export function misclassified(
  { test, predicted }: Pick<TestPredictions, 'test' | 'predicted'>,
  limit: number,
): { index: number; actual: number; predicted: number; pixels: number[] }[] {
  const out = [];
  const n = test.inputSize;
  for (let i = 0; i < test.count && out.length < limit; i++) {
    if (test.labels[i] < 0 || predicted[i] === test.labels[i]) continue;
    const row = test.inputs.subarray(i * n, (i + 1) * n);
    const pixels =
      row instanceof Uint8Array ? Array.from(row) : Array.from(row, (v) => Math.round(v * 255));
    out.push({ index: i, actual: test.labels[i], predicted: predicted[i], pixels });
  }
  return out;
}
