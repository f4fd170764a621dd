/**
 * Store benchmark (called by `backprop bench`): builds a database of `runs` runs × `epochsPerRun`
 * epochs in a temp folder (default 10,000 × 1,000 = 10 million metric rows) and times what the UI
 * does most: read one run's curve, list every run. Also times one epoch write as the queue does it
 * (record with layer statistics + 100 kB checkpoint + summary + findings, one transaction), to
 * compare with the seconds an epoch trains. Layer-statistics rows are written for the timed runs
 * only: curves and lists never read them.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_VERSION } from '../../src-shared/engine/version';
import { openStore, type Store } from '../core/store/store';
import { epochRecord, tempDir, xorConfig } from '../core/store/store.testing';
import { EPOCH_SCALARS } from '../core/store/epochs-repo';

export interface StoreBenchOptions {
  runs?: number;
  epochsPerRun?: number;
  /** Keep the database folder (default: removed afterwards). */
  keep?: boolean;
  onProgress?(message: string): void;
}

export interface StoreBenchResult {
  runs: number;
  metricRows: number;
  dbBytes: number;
  buildSeconds: number;
  /** Median milliseconds to read one run's curve (all its epochs), over 25 random runs. */
  curveMs: number;
  /** Median milliseconds to list every run (summaries with config and final metrics), 5 tries. */
  listMs: number;
  /** Median milliseconds for one epoch's write transaction, over 50 epochs. */
  epochWriteMs: number;
  dbPath: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeMs(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Fills `runs` rows and their metric rows in transactions of about 100,000 rows. */
function fill(
  store: Store,
  runs: number,
  epochsPerRun: number,
  onProgress?: (m: string) => void,
): void {
  const columns = EPOCH_SCALARS.map(([, c]) => c).join(', ');
  const insertEpoch = store.db.prepare(
    `INSERT INTO epochs (run_id, epoch, ${columns}, nan_mask) VALUES (?, ?, ${EPOCH_SCALARS.map(() => '?').join(', ')}, 0)`,
  );
  const perBatch = Math.max(1, Math.floor(100_000 / epochsPerRun));
  for (let first = 0; first < runs; first += perBatch) {
    store.db.transaction(() => {
      for (let r = first; r < Math.min(runs, first + perBatch); r++) {
        const config = xorConfig({ name: `bench run ${r}`, seed: r, epochs: epochsPerRun });
        const id = store.runs.insert({
          experimentId: null,
          name: config.name,
          config,
          status: 'completed',
          engineVersion: ENGINE_VERSION,
        });
        for (let e = 0; e < epochsPerRun; e++) {
          const c = 1 / (e + 1 + r / runs);
          insertEpoch.run(id, e, c, null, c * 1.1, 1 - c, c * 1.2, 1 - c * 1.3, 0.5, 1.5);
        }
        store.runs.setFinal(id, {
          epochs: epochsPerRun - 1,
          trainCost: 0.1,
          validationAccuracy: 0.9,
          testAccuracy: 0.9,
          testCost: 0.1,
          bestValidationAccuracy: 0.91,
          bestEpoch: 7,
        });
      }
    })();
    onProgress?.(`${Math.min(runs, first + perBatch)} of ${runs} runs written`);
  }
}

/** Bytes of a float64 checkpoint of Nielsen's 784-30-10 network: (784 + 1)·30 + (30 + 1)·10 values. */
const CHECKPOINT_BYTES = 8 * ((784 + 1) * 30 + (30 + 1) * 10);

/** Median time of the queue's per-epoch transaction on a fresh run of the big database. */
function timeEpochWrites(store: Store): number {
  const config = xorConfig({ name: 'bench writes' });
  const id = store.runs.insert({
    experimentId: null,
    name: config.name,
    config,
    engineVersion: ENGINE_VERSION,
  });
  const checkpoint = new Uint8Array(CHECKPOINT_BYTES).map((_, i) => i % 251);
  const finding = {
    rule: 'bench',
    severity: 'info' as const,
    epoch: 0,
    title: 'Benchmark finding',
    message: 'A finding of typical size.'.repeat(8),
    evidence: { saturated: 0.5 },
    suggestion: 'None.',
  };
  const times: number[] = [];
  for (let e = 0; e < 50; e++) {
    const record = epochRecord(e);
    times.push(
      timeMs(() =>
        store.recordEpoch({ runId: id, record, checkpoint, findings: [finding, finding] }),
      ),
    );
  }
  return median(times);
}

export function benchStore(options: StoreBenchOptions = {}): StoreBenchResult {
  const runs = options.runs ?? 10_000;
  const epochsPerRun = options.epochsPerRun ?? 1_000;
  const tmp = tempDir('backprop-bench-');
  const dbPath = join(tmp.dir, 'bench.db');
  const store = openStore(dbPath);
  try {
    const started = performance.now();
    fill(store, runs, epochsPerRun, options.onProgress);
    const buildSeconds = (performance.now() - started) / 1000;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const ids = Array.from({ length: 25 }, (_, i) => 1 + Math.floor((i * 7919) % runs));
    const curveMs = median(ids.map((id) => timeMs(() => store.epochs.curve(id))));
    const listMs = median(Array.from({ length: 5 }, () => timeMs(() => store.runs.list({}))));
    const epochWriteMs = timeEpochWrites(store);
    const metricRows =
      (store.db.prepare('SELECT COUNT(*) FROM epochs').pluck().get() as number) ?? 0;
    return {
      runs,
      metricRows,
      dbBytes: statSync(dbPath).size,
      buildSeconds,
      curveMs,
      listMs,
      epochWriteMs,
      dbPath,
    };
  } finally {
    store.close();
    if (!options.keep) tmp.cleanup();
  }
}
