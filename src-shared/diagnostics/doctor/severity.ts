/** Ordering severities, and finding the epoch at which a condition is at its worst. */
import type { EpochRecord, LayerStats } from '../../base/records';
import type { Severity } from '../../base/findings';
import { statsOf } from './layer-inputs';

export const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function isWorse(a: Severity, than: Severity | null): boolean {
  return than === null || severityRank[a] > severityRank[than];
}

export interface Moment<S> {
  record: EpochRecord;
  stats: S;
  severity: Severity;
}

export type LayerMoment = Moment<LayerStats>;

/** The first record at which weight layer `layer` reaches its worst severity under `judge`. */
export function worstMoment(
  records: readonly EpochRecord[],
  layer: number,
  judge: (stats: LayerStats, record: EpochRecord) => Severity | null,
): LayerMoment | null {
  return worstOf(records, (r) => statsOf(r, layer), judge);
}

/** The first record at which the statistics `pick` reads reach their worst severity. */
export function worstOf<S>(
  records: readonly EpochRecord[],
  pick: (record: EpochRecord) => S | undefined,
  judge: (stats: S, record: EpochRecord) => Severity | null,
): Moment<S> | null {
  let worst: Moment<S> | null = null;
  for (const record of records) {
    const stats = pick(record);
    const severity = stats ? judge(stats, record) : null;
    if (stats && severity && isWorse(severity, worst?.severity ?? null))
      worst = { record, stats, severity };
  }
  return worst;
}
