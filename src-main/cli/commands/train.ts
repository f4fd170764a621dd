/**
 * `backprop train (--config run.json | --preset NAME) [--set key=value]… [--db PATH] [--json]
 * [--quiet] [--save-weights FILE]`: trains one run in the foreground through the same store and
 * trainer process as the app, with a progress bar on stderr, then prints its outcome line and the
 * doctor's findings (--quiet: the outcome line only). With --json, stdout is one JSON object:
 * { runId, status, epochs: [...], final, findings } (NaN/Infinity as {"$num": "NaN"}). The exit
 * code says how the run ended (foreground/exit-codes.ts).
 */
import { Option, type Command } from 'commander';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { encodeWire } from '../../../src-shared/base/wire';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { admitRunConfig } from '../../core/services/run-admission';
import { loadDataset } from '../../datasets';
import { inFile, readJsonFile } from '../foreground/read-json';
import { queueOnOwner, trainInForeground } from '../foreground/foreground';
import { resultLines } from '../foreground/format';
import { exitCodeOfRuns, exitCodesHelp } from '../foreground/exit-codes';
import {
  applySettings,
  collectSetting,
  parsePreset,
  presetsHelp,
  type ConfigSetting,
} from '../run-config-options';
import type { Preset } from '../../../src-shared/experiment/presets';

interface TrainOptions {
  config?: string;
  preset?: Preset;
  set?: ConfigSetting[];
  db?: string;
  json?: boolean;
  quiet?: boolean;
  saveWeights?: string;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train one run in the foreground and store it')
    .addOption(new Option('--config <file>', 'run config (JSON)').conflicts('preset'))
    .addOption(
      new Option('--preset <name>', 'start from a preset (listed below)').argParser(parsePreset),
    )
    .option(
      '--set <key=value>',
      'change one field (dotted path; value as JSON, else text), e.g. --set learningRate=0.1; repeatable',
      collectSetting,
    )
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--json', 'print the run as one JSON object on stdout')
    .option('--quiet', 'print only errors and the outcome line (with --json: only the JSON)')
    .option('--save-weights <file>', 'write the final weights as {"weights", "biases"} JSON')
    .addHelpText('after', `${presetsHelp}\n${exitCodesHelp}`)
    .action(train);
}

/** The run config the options name, and how to name its source in a refusal. */
function configOf(
  options: TrainOptions,
  command: Command,
): { input: RunConfigInput; source: string } {
  const base = options.config
    ? readJsonFile(options.config, 'config')
    : options.preset
      ? structuredClone(options.preset.config)
      : command.error('error: say what to train: --config FILE or --preset NAME');
  const source = options.config ?? `--preset ${options.preset!.id}`;
  try {
    return { input: applySettings(base, options.set ?? []) as RunConfigInput, source };
  } catch (error) {
    throw inFile(source, error);
  }
}

async function train(options: TrainOptions, command: Command): Promise<void> {
  const { input, source } = configOf(options, command);
  // Checked at this process's boundary (the file) before the store is touched; the owner checks
  // again at its own (its API), as it does for the app and the browser.
  try {
    admitRunConfig(input, loadDataset);
  } catch (error) {
    throw inFile(source, error);
  }
  if (options.saveWeights) checkWeightsFile(options.saveWeights);
  const { session, value: run } = await queueOnOwner(
    { db: options.db, command: 'backprop train', parallel: 1 },
    (services) => services.queue.enqueue(input),
    source,
  );
  try {
    const [end] = await trainInForeground(session, [run.id], { quiet: options.quiet });
    const detail = await session.services.runs.get(run.id);
    if (options.saveWeights)
      writeWeights(options.saveWeights, await session.services.runs.weights(run.id));
    if (options.json) {
      const { epochs, final, findings } = detail;
      process.stdout.write(
        `${encodeWire({ runId: run.id, status: end.status, epochs, final, findings })}\n`,
      );
    } else {
      const lines = resultLines(end, detail.findings, { quiet: options.quiet });
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = exitCodeOfRuns([end]);
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
