/** How far a run is: finished epochs plus the current epoch's share of its batches, over all epochs. */
import type { RunProgress } from '../../../src-shared/contract/types';

/** A fraction in [0, 1]; epoch is 1-based while training (epoch 1 = the first pass). */
export function progressFraction(p: RunProgress): number {
  const withinEpoch = p.batches > 0 ? p.batch / p.batches : 0;
  return Math.min(1, Math.max(0, (Math.max(0, p.epoch - 1) + withinEpoch) / Math.max(1, p.epochs)));
}
