/**
 * `backprop train --config run.json [--db PATH] [--json] [--save-weights FILE]`: trains one run
 * in the foreground through the same store and trainer process as the app, with a progress bar
 * on stderr, then prints the doctor's findings. With --json, stdout is one JSON object:
 * { runId, status, epochs: [...], final, findings } (NaN/Infinity as {"$num": "NaN"}).
 */
import type { Command } from 'commander';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { encodeWire } from '../../../src-shared/base/wire';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { admitRunConfig } from '../../core/services/run-admission';
import { loadDataset } from '../../datasets';
import { inFile, readJsonFile } from '../foreground/read-json';
import { queueOnOwner, trainInForeground } from '../foreground/foreground';
import { resultLines } from '../foreground/format';

interface TrainOptions {
  config: string;
  db?: string;
  json?: boolean;
  saveWeights?: string;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train one run in the foreground and store it')
    .requiredOption('--config <file>', 'run config (JSON)')
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--json', 'print the run as one JSON object on stdout')
    .option('--save-weights <file>', 'write the final weights as {"weights", "biases"} JSON')
    .action(train);
}

async function train(options: TrainOptions): Promise<void> {
  const input = readJsonFile(options.config, 'config') as RunConfigInput;
  // Checked at this process's boundary (the file) before the store is touched; the owner checks
  // again at its own (its API), as it does for the app and the browser.
  try {
    admitRunConfig(input, loadDataset);
  } catch (error) {
    throw inFile(options.config, error);
  }
  if (options.saveWeights) checkWeightsFile(options.saveWeights);
  const { session, value: run } = await queueOnOwner(
    { db: options.db, command: 'backprop train', parallel: 1 },
    (services) => services.queue.enqueue(input),
    options.config,
  );
  try {
    const [end] = await trainInForeground(session, [run.id]);
    const detail = await session.services.runs.get(run.id);
    if (options.saveWeights)
      writeWeights(options.saveWeights, await session.services.runs.weights(run.id));
    if (options.json) {
      const { epochs, final, findings } = detail;
      process.stdout.write(
        `${encodeWire({ runId: run.id, status: end.status, epochs, final, findings })}\n`,
      );
    } else {
      process.stdout.write(`${resultLines(end, detail.findings).join('\n')}\n`);
    }
    if (end.status === 'failed') process.exitCode = 1;
  } finally {
    await session.close();
  }
}

/** Refuses a --save-weights path that could not be written, before any training is spent. */
function checkWeightsFile(path: string): void {
  const full = resolve(path);
  if (!existsSync(dirname(full)) || !statSync(dirname(full)).isDirectory())
    throw new Error(`--save-weights: the folder ${dirname(full)} does not exist`);
  if (existsSync(full) && statSync(full).isDirectory())
    throw new Error(`--save-weights: ${full} is a folder; name a file, e.g. ${full}/weights.json`);
}

function writeWeights(path: string, weights: unknown): void {
  if (!weights)
    throw new Error(`--save-weights: the run stored no weights, nothing written to ${path}`);
  writeFileSync(path, `${encodeWire(weights)}\n`);
}
