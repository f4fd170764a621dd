/**
 * Where `backprop train` gets its run config: a file (--config) or a preset (--preset, the
 * presets of src-shared/experiment/presets.ts), then fields overridden one by one (--set
 * learningRate=0.1, --set init.weights.low=-0.5). A key must name a field of the run config
 * (the sweep grid's check); the merged config is then checked whole by the strict config schema.
 */
import { Help, InvalidArgumentError } from 'commander';
import { presetById, presets, type Preset } from '../../src-shared/experiment/presets';
import { configPathProblem } from '../../src-shared/experiment/config-paths';
import { nearestName } from '../../src-shared/base/suggest';
import { withFields } from '../../src-shared/experiment/config-edits';

/** One --set: a dotted path of the run config and its value. */
export interface ConfigSetting {
  path: string;
  value: unknown;
}

/** --preset NAME: the preset, or the names there are (with the one probably meant). */
export function parsePreset(name: string): Preset {
  const preset = presetById(name);
  if (preset) return preset;
  const ids = presets.map((p) => p.id);
  const near = nearestName(name, ids);
  throw new InvalidArgumentError(
    `no preset is named "${name}"${near ? ` (did you mean "${near}"?)` : ''}; the presets are ${ids.join(', ')}`,
  );
}

/** --set key=value (repeatable): the value is read as JSON (0.5, true, [784,30,10],
 * {"kind":"uniform",…}), else taken as text (--set name=my run). */
export function collectSetting(text: string, previous: ConfigSetting[] = []): ConfigSetting[] {
  const at = text.indexOf('=');
  if (at <= 0)
    throw new InvalidArgumentError(`expected key=value (e.g. learningRate=0.5), got "${text}"`);
  const path = text.slice(0, at).trim();
  const problem = configPathProblem(path);
  if (problem) throw new InvalidArgumentError(problem);
  return [...previous, { path, value: jsonOrText(text.slice(at + 1)) }];
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `config` with every setting applied in order (a later one wins); the input is not changed. */
export function applySettings(config: unknown, settings: readonly ConfigSetting[]): unknown {
  if (settings.length === 0) return config;
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    throw new Error('--set needs a config object to change; the config is not an object');
  return settings.reduce(
    (merged, { path, value }) => withFields(merged, { [path]: value }, '--set '),
    config as Record<string, unknown>,
  );
}

/** The presets as `train --help` lists them: each name on its line, its description wrapped
 * under it (names are too long and descriptions too many lines for two columns). */
export const presetsHelp = `
Presets (--preset NAME):
${presets.map((p) => `  ${p.id}\n${wrapIndented(p.description, 6, 80)}`).join('\n')}`;

function wrapIndented(text: string, indent: number, width: number): string {
  const pad = ' '.repeat(indent);
  return new Help()
    .boxWrap(text, width - indent)
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
