/**
 * Per-epoch metrics. The scalar metrics of EpochRecord go into REAL columns (SQLite keeps ±Inf
 * there but turns NaN into NULL, so bit i of `nan_mask` says "EPOCH_SCALARS[i] was NaN"); the
 * layer statistics (a conv net's conv layers' too), mean output and predicted-class fractions go
 * into `epoch_details` as wire JSON.
 */
import type Database from 'better-sqlite3';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { RunCurve } from '../../../src-shared/contract/types';
import { readJson, writeJson } from './json-column';

/** The scalar fields of an EpochRecord, in column order; the index is the bit in nan_mask. */
export const EPOCH_SCALARS = [
  ['trainCost', 'train_cost'],
  ['trainAccuracy', 'train_accuracy'],
  ['validationCost', 'validation_cost'],
  ['validationAccuracy', 'validation_accuracy'],
  ['testCost', 'test_cost'],
  ['testAccuracy', 'test_accuracy'],
  ['learningRate', 'learning_rate'],
  ['seconds', 'seconds'],
] as const;

type ScalarField = (typeof EPOCH_SCALARS)[number][0];
type ScalarRow = { epoch: number; nan_mask: number } & Record<string, number | null>;
type Detail = Pick<EpochRecord, 'layers' | 'convLayers' | 'meanOutput' | 'predictedClassFraction'>;

const columns = EPOCH_SCALARS.map(([, c]) => c).join(', ');

/** Scalar values for binding plus the NaN mask. */
export function encodeScalars(record: EpochRecord): { values: (number | null)[]; nanMask: number } {
  let nanMask = 0;
  const values = EPOCH_SCALARS.map(([field], bit) => {
    const v = record[field];
    if (typeof v === 'number' && Number.isNaN(v)) nanMask |= 1 << bit;
    return v ?? null;
  });
  return { values, nanMask };
}

/** Restores NaN where the mask says so; NULL otherwise stays null. */
function scalar(row: ScalarRow, bit: number): number | null {
  if (row.nan_mask & (1 << bit)) return Number.NaN;
  return row[EPOCH_SCALARS[bit][1]];
}

export function createEpochsRepo(db: Database.Database) {
  const insertScalars = db.prepare(
    `INSERT OR REPLACE INTO epochs (run_id, epoch, ${columns}, nan_mask)
     VALUES (?, ?, ${EPOCH_SCALARS.map(() => '?').join(', ')}, ?)`,
  );
  const insertDetail = db.prepare(
    'INSERT OR REPLACE INTO epoch_details (run_id, epoch, detail) VALUES (?, ?, ?)',
  );
  const selectScalars = db.prepare(
    `SELECT epoch, ${columns}, nan_mask FROM epochs WHERE run_id = ? ORDER BY epoch`,
  );
  const selectDetails = db.prepare(
    'SELECT epoch, detail FROM epoch_details WHERE run_id = ? ORDER BY epoch',
  );
  const deleteAfterScalars = db.prepare('DELETE FROM epochs WHERE run_id = ? AND epoch > ?');
  const deleteAfterDetails = db.prepare('DELETE FROM epoch_details WHERE run_id = ? AND epoch > ?');
  const countRows = db.prepare('SELECT COUNT(*) AS n FROM epochs WHERE run_id = ?');

  return {
    /** Writes one record (replacing a record of the same epoch). Call inside a transaction. */
    insert(runId: number, record: EpochRecord): void {
      const { values, nanMask } = encodeScalars(record);
      insertScalars.run(runId, record.epoch, ...values, nanMask);
      const detail: Detail = {
        layers: record.layers,
        ...(record.convLayers ? { convLayers: record.convLayers } : {}),
        meanOutput: record.meanOutput,
        predictedClassFraction: record.predictedClassFraction,
      };
      insertDetail.run(runId, record.epoch, writeJson(detail));
    },

    /** Every record of a run, epoch 0 first. */
    list(runId: number): EpochRecord[] {
      const details = new Map<number, Detail>();
      for (const row of selectDetails.all(runId) as { epoch: number; detail: string }[]) {
        details.set(row.epoch, readJson<Detail>(row.detail));
      }
      return (selectScalars.all(runId) as ScalarRow[]).map((row) => {
        const record = { epoch: row.epoch } as Record<string, unknown>;
        EPOCH_SCALARS.forEach(([field], bit) => (record[field] = scalar(row, bit)));
        const detail = details.get(row.epoch) ?? {
          layers: [],
          meanOutput: [],
          predictedClassFraction: [],
        };
        return { ...(record as Omit<EpochRecord, keyof Detail>), ...detail } as EpochRecord;
      });
    },

    /** One run's curve, columnar, without touching the layer statistics. */
    curve(runId: number): RunCurve {
      const rows = selectScalars.all(runId) as ScalarRow[];
      const column = (field: ScalarField) => {
        const bit = EPOCH_SCALARS.findIndex(([f]) => f === field);
        return rows.map((row) => scalar(row, bit));
      };
      return {
        runId,
        epoch: rows.map((r) => r.epoch),
        trainCost: column('trainCost').map((v) => v ?? Number.NaN),
        validationCost: column('validationCost'),
        validationAccuracy: column('validationAccuracy'),
        testCost: column('testCost'),
        testAccuracy: column('testAccuracy'),
      };
    },

    /** Drops records after `epoch` (a run resumed from an older checkpoint redoes them). */
    deleteAfter(runId: number, epoch: number): void {
      deleteAfterScalars.run(runId, epoch);
      deleteAfterDetails.run(runId, epoch);
    },

    count(runId: number): number {
      return (countRows.get(runId) as { n: number }).n;
    },
  };
}

export type EpochsRepo = ReturnType<typeof createEpochsRepo>;
