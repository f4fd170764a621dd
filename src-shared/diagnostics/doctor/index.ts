/**
 * The training doctor: reads a run's config and epoch records and explains, in plain language,
 * why it does or does not learn. (Rules are being written; this entry point is the stable API.)
 */
import type { RunConfig } from '../../experiment/config';
import type { EpochRecord } from '../../engine/records';
import type { Finding } from '../findings';

export interface DiagnoseInput {
  config: RunConfig;
  /** Records in epoch order, epoch 0 first. */
  epochs: EpochRecord[];
  /** The run's status when known (a finished run allows end-of-run rules). */
  status?: string;
}

export function diagnose(input: DiagnoseInput): Finding[] {
  void input;
  return [];
}
