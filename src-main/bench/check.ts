/**
 * `backprop bench --check`: the fast path and the reference engine on each workload's network,
 * same seed, a short run on a slice of MNIST; reports how far apart their weights and costs end
 * up. Float32 SIMD sums round differently from the reference's float64 accumulation, so they
 * agree to a tolerance, not bit for bit.
 */
import { loadDataset } from '../datasets';
import { runConfigSchema } from '../../src-shared/experiment/config';
import { createSession } from '../../src-shared/engine/reference-session';
import { parameterDifference, sessionParameters } from '../trainer/fast/agreement';
import { fastPathFactory, fastUnsupportedReason } from '../trainer/fast/factory';
import { workloads, type WorkloadId } from './workloads';

/** Largest weight difference allowed, relative to the largest weight magnitude (at least 1). */
export const CHECK_TOLERANCE = 1e-5;
const SLICE = { trainSize: 1000, validationSize: 500, testSize: 500 };

export interface CheckResult {
  id: WorkloadId;
  steps: number;
  /** max |w_fast − w_ref| / max(1, max |w_ref|) over all weights and biases. */
  weightDifference: number;
  /** |C_fast − C_ref| / |C_ref| of the training cost after the run. */
  costDifference: number;
  fastTestAccuracy: number | null;
  referenceTestAccuracy: number | null;
  ok: boolean;
}

/** A workload the fast path cannot train yet: nothing to compare. */
export interface CheckUnavailable {
  id: WorkloadId;
  /** fastUnsupportedReason's answer. */
  unavailable: string;
}

/** The comparison for workload `id`, or why there is none. */
export function checkWorkload(id: WorkloadId, epochs = 1): CheckResult | CheckUnavailable {
  const config = runConfigSchema.parse({ ...workloads[id].config, ...SLICE, epochs });
  const unavailable = fastUnsupportedReason(config);
  if (unavailable) return { id, unavailable };
  const data = loadDataset(config.dataset, config);
  const fast = fastPathFactory().create(config, data);
  const ref = createSession(config, data);
  let fastRecord = fast.measure();
  let refRecord = ref.measure();
  for (let e = 0; e < epochs; e++) {
    fastRecord = fast.trainEpoch();
    refRecord = ref.trainEpoch();
  }
  fast.close();
  const weightDifference = parameterDifference(sessionParameters(fast), sessionParameters(ref));
  const costDifference =
    Math.abs(fastRecord.trainCost - refRecord.trainCost) / Math.abs(refRecord.trainCost);
  return {
    id,
    steps: epochs * Math.ceil(data.train.count / config.batchSize),
    weightDifference,
    costDifference,
    fastTestAccuracy: fastRecord.testAccuracy,
    referenceTestAccuracy: refRecord.testAccuracy,
    ok: weightDifference <= CHECK_TOLERANCE && costDifference <= CHECK_TOLERANCE,
  };
}
