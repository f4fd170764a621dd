/**
 * Run bundles: chosen runs (config, epochs with statistics, findings, final weights) in one JSON
 * file that another machine imports. Reading checks, in order, that the text is JSON, that it is a
 * bundle at all, that its version is one this build reads (a newer one gets "update the app"), then
 * every field; the first problem is reported with the field's path and nothing is imported.
 */
import type { BundledFile, RunBundle, RunBundleEntry } from './bundle-types';
import type { RunDetail } from '../experiment/run';
import type { WeightsJson } from '../base/records';
import { ValidationError, parseOrThrow } from '../base/validation';
import { decodeWire, encodeWire } from '../base/wire';
import { runBundleSchema } from './bundle-schema';
import { recordShapeProblem, weightsShapeProblem } from '../base/record-schema';
import { convParameterCounts } from '../engine/layers/feature-stack';

export const bundleFormat = 'backprop-workbench-bundle';
export const bundleVersion = 1;

export interface BundleInput {
  runs: RunDetail[];
  weights: Record<number, WeightsJson | null>;
  /** Experiment names by experiment id (runs of one sweep stay together on import). */
  experimentNames: Record<number, string>;
  /** Logged files by run id, with their bytes (runs without any may be left out). */
  files?: Record<number, BundledFile[]>;
  exportedAt: string;
  engineVersion: string;
}

/** Drops what is local to this database (ids, live progress) and keeps everything else. */
export function bundleEntryOf(
  run: RunDetail,
  weights: WeightsJson | null,
  experimentName: string | null,
  files: BundledFile[] = [],
): RunBundleEntry {
  const {
    id: _id,
    experimentId: _experimentId,
    progress: _progress,
    foreignDatasetPath: _foreign,
    epochs,
    findings,
    metrics,
    files: _listed,
    ...summary
  } = run;
  return {
    run: { ...summary, experimentName },
    epochs,
    findings,
    weights,
    ...(metrics ? { metrics } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
}

export function buildBundle(input: BundleInput): RunBundle {
  return {
    format: bundleFormat,
    version: bundleVersion,
    exportedAt: input.exportedAt,
    engineVersion: input.engineVersion,
    runs: input.runs.map((run) =>
      bundleEntryOf(
        run,
        input.weights[run.id] ?? null,
        run.experimentId === null ? null : (input.experimentNames[run.experimentId] ?? null),
        input.files?.[run.id],
      ),
    ),
  };
}

export function encodeBundle(bundle: RunBundle): string {
  return encodeWire(bundle);
}

function refuse(message: string, path = 'bundle'): never {
  throw new ValidationError(message, [{ path, message }]);
}

/** Parses and validates bundle text; throws a ValidationError naming the first bad field. */
export function parseBundle(text: string): RunBundle {
  let value: unknown;
  try {
    value = decodeWire(text);
  } catch (error) {
    refuse(`The file is not a run bundle: it is not valid JSON (${(error as Error).message}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    refuse('The file is not a run bundle: expected a JSON object.');
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== bundleFormat)
    refuse(
      `The file is not a run bundle: bundle.format must be "${bundleFormat}", got ${JSON.stringify(format) ?? 'nothing'}.`,
      'bundle.format',
    );
  if (typeof version === 'number' && version > bundleVersion)
    refuse(
      `This bundle was written by a newer Backprop Workbench (bundle version ${version}); this version reads bundle version ${bundleVersion}. Update Backprop Workbench to import it.`,
      'bundle.version',
    );
  const bundle = parseOrThrow(runBundleSchema, value, 'bundle') as RunBundle;
  bundle.runs.forEach(checkEpochOrder);
  bundle.runs.forEach(checkFitsNetwork);
  return bundle;
}

/** Every record and the final weights must come from the run's own network (its config's layers),
 * as the owner checks a Redis stream's epochs: a report would otherwise draw what no run computed. */
function checkFitsNetwork(entry: RunBundleEntry, runIndex: number): void {
  const sizes = entry.run.config.layers;
  const convs = convParameterCounts(entry.run.config.features);
  entry.epochs.forEach((record, i) => {
    const problem = recordShapeProblem(record, sizes, convs.length);
    if (problem)
      refuse(
        `Invalid bundle: bundle.runs[${runIndex}].epochs[${i}]: run "${entry.run.name}": ${problem}.`,
        `bundle.runs[${runIndex}].epochs[${i}]`,
      );
  });
  const problem = entry.weights && weightsShapeProblem(entry.weights, sizes, convs);
  if (problem)
    refuse(
      `Invalid bundle: bundle.runs[${runIndex}].weights: run "${entry.run.name}": ${problem}.`,
      `bundle.runs[${runIndex}].weights`,
    );
}

/** A run's epochs must be in increasing order (0 is the probe before training), none twice: the store keys them by
 * number, and the run's summary is recomputed from them on import. */
function checkEpochOrder(entry: RunBundleEntry, runIndex: number): void {
  entry.epochs.forEach((record, i) => {
    const previous = i > 0 ? entry.epochs[i - 1].epoch : -1;
    if (record.epoch > previous) return;
    const what =
      record.epoch === previous
        ? `epoch ${record.epoch} appears twice`
        : `epoch ${record.epoch} comes after epoch ${previous}; epochs must be in increasing order`;
    refuse(
      `Invalid bundle: bundle.runs[${runIndex}].epochs[${i}].epoch: run "${entry.run.name}": ${what}.`,
      `bundle.runs[${runIndex}].epochs[${i}].epoch`,
    );
  });
}
