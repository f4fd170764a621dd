/**
 * The shape every doctor rule shares: a pure function of the run's config and epoch records that
 * returns its findings (none when the rule does not apply).
 */
import type { RunConfig } from '../../experiment/config';
import type { EpochRecord } from '../../base/records';
import type { Finding } from '../../base/findings';
import type { InputStats } from './input-stats';

export interface DiagnoseInput {
  config: RunConfig;
  /** Records in epoch order, epoch 0 first. */
  epochs: EpochRecord[];
  /** The run's status when known (a finished run allows end-of-run rules). */
  status?: string;
  /** Measured statistics of the dataset's inputs; when absent the doctor uses what it knows about
   * the built-in datasets (see input-stats.ts). */
  inputStats?: InputStats;
}

export type Rule = (input: DiagnoseInput) => Finding[];

export type Fix = NonNullable<Finding['fix']>;
