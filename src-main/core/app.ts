/**
 * The host-independent app core: the store, the queue and the services of the contract, wired
 * the same way under Electron, `backprop serve` and the CLI. Only the TrainerHost differs
 * (utilityProcess in Electron, child_process.fork elsewhere).
 */
import { cpus } from 'node:os';
import type { Services } from '../../src-shared/contract/services';
import type { AppInfo } from '../../src-shared/contract/types';
import { diagnose } from '../../src-shared/diagnostics/doctor';
import { openStore, type Store } from './store/store';
import { RunQueue } from './queue/queue';
import type { RunQueueApi } from './queue/queue-api';
import type { TrainerHost } from './runner/trainer-host';
import { listDatasets, loadDataset, loadDatasetAsync } from '../datasets';
import { createDoctorService } from './doctor/service';
import { createReportsService } from './reports/service';
import { createRunsService } from './services/runs-service';
import { createQueueService } from './services/queue-service';
import { createSettingsService, readSettingsChecked } from './services/settings-service';
import { createDatasetsService } from './services/datasets-service';
import { createTrackingService, createTrackingWriter } from './services/tracking-service';
import { startSpoolImport } from './tracking/spool-import';

export interface AppCoreOptions {
  /** The database file (see resolveDbPath in ./paths). */
  dbPath: string;
  host: AppInfo['host'];
  trainerHost: TrainerHost;
  /** Runs at a time for this process only (CLI --parallel); default: the stored setting. */
  concurrency?: number;
  /** Work the whole persistent queue, recovering interrupted runs (default true). The CLI passes
   * false and trains only its own runs with `queue.runOnly(ids)`. */
  startQueue?: boolean;
  /** Prints report HTML to PDF (Electron's printToPDF); elsewhere the system Chromium prints. */
  printToPdf?(html: string): Promise<Uint8Array>;
  /** better-sqlite3 native build for another runtime (Electron's ABI). */
  nativeBinding?: string;
  /** Send runs to BullMQ workers through this Redis (`--redis`); default: the redisUrl setting,
   * and when that is empty too, train on this machine. */
  redisUrl?: string;
  /** Told about stored settings that no longer parse (their defaults are used); default: a
   * line on stderr. */
  onWarning?(message: string): void;
}

export interface AppCore {
  services: Services;
  store: Store;
  queue: RunQueueApi;
  /** Stops the trainers (their runs resume at the next start) and closes the database. */
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const store = openStore(options.dbPath, { nativeBinding: options.nativeBinding });
  const cores = cpus().length;
  const stored = readSettingsChecked(store, cores);
  const warn = options.onWarning ?? ((m: string) => process.stderr.write(`backprop: ${m}\n`));
  stored.problems.forEach(warn);
  const redisUrl = options.redisUrl ?? stored.settings.redisUrl;
  // BullMQ and ioredis load only for the several-machines mode (a dynamic import: its own chunk).
  const queue: RunQueueApi = redisUrl
    ? new (await import('./remote/remote-queue')).RemoteRunQueue({
        store,
        redisUrl,
        concurrency: options.concurrency,
        cores,
        diagnose,
      })
    : new RunQueue({
        store,
        trainerHost: options.trainerHost,
        concurrency: options.concurrency,
        cores,
        diagnose,
      });
  const runs = createRunsService(store, queue, loadDataset, loadDatasetAsync);
  const settings = createSettingsService({
    store,
    cores,
    host: options.host,
    onChange: () => queue.notifyQueued([]),
  });
  const queueService = createQueueService(store, queue, loadDataset, loadDatasetAsync);
  const tracking = createTrackingWriter(store);
  const services: Services = {
    runs,
    queue: queueService,
    settings,
    datasets: createDatasetsService({ listDatasets, loadDataset: loadDatasetAsync }),
    // The doctor's fix tests queue their runs through the same queue service.
    doctor: createDoctorService({
      runs,
      queue: queueService,
      fixTestsOf: (runId) => store.experiments.fixTestsOf(runId),
    }),
    reports: createReportsService({
      runs,
      settings,
      importRuns: (entries) => store.importRuns(entries),
      printToPdf: options.printToPdf,
    }),
    tracking: createTrackingService(tracking),
  };
  if (options.startQueue !== false) queue.start();
  // Runs logged while no owner was alive, kept by their clients until an owner takes them.
  const spool = startSpoolImport(options.dbPath, tracking, warn);
  return {
    services,
    store,
    queue,
    async close() {
      spool.stop();
      await queue.close();
      store.close();
    },
  };
}
