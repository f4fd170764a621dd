/**
 * Entry of the trainer process (built to out/main/trainer.js): one process per run, so a crash,
 * an out-of-memory or a kill takes down only that run. It waits for `start`, trains, and exits.
 */
import type { ToTrainer } from '../../src-shared/contract/trainer-protocol';
import { loadDataset } from '../datasets';
import { connectToOwner } from './owner-port';
import { watchOwner } from './owner-watch';
import { chooseSessionFactory } from './session-factory';
import { trainRun } from './train-run';
import { withTestFault } from './fault-injection';
import { messageOf } from '../../src-shared/base/errors';

// withTestFault is inert unless BACKPROP_TEST_FAULT is set (crash tests only).
const port = withTestFault(connectToOwner());
let cancelled = false;
let runId = 0;

/** Anything that escapes trainRun still reaches the owner as `failed` when the channel is up. */
function failHard(error: unknown): void {
  const message = messageOf(error);
  port
    .send({ kind: 'failed', runId, message: `trainer crashed: ${message}` })
    .catch(() => undefined)
    .finally(() => process.exit(1));
}

process.on('uncaughtException', failHard);
process.on('unhandledRejection', failHard);
// The owner died or closed the channel: nothing will record our epochs, so stop (and if this
// thread is too busy to notice, the owner watch ends the process).
port.onDisconnect(() => process.exit(0));
watchOwner();

port.onMessage((message: ToTrainer) => {
  if (message.kind === 'cancel') {
    cancelled = true;
    return;
  }
  if (message.kind !== 'start' || runId !== 0) return;
  runId = message.runId;
  void trainRun(message, {
    port,
    loadData: (config) =>
      Promise.resolve(
        loadDataset(config.dataset, {
          trainSize: config.trainSize,
          validationSize: config.validationSize,
          testSize: config.testSize,
        }),
      ),
    chooseFactory: chooseSessionFactory,
    cancelled: () => cancelled,
  }).finally(() => process.exit(0));
});

void port.send({ kind: 'ready', pid: process.pid });
