/**
 * Each layer rule of eslint.config.js against a fixture that breaks it: ESLint's Node API lints
 * the fixture's text as if it were the file at `filePath` (nothing is written to disk), so the
 * path decides which rule applies. Each fixture must give exactly one error, from the layer rule,
 * with that layer's message; the same file with an import the layers allow must give none.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { layerRules } from '../../eslint.config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: path.join(root, 'eslint.config.js'),
  ignore: false,
});
const RULE = '@typescript-eslint/no-restricted-imports';

interface Fixture {
  /** The rule broken, as "<the folder>: what it must not do". */
  breaks: string;
  filePath: string;
  code: string;
}

const fixtures: Fixture[] = [
  {
    breaks: 'src-shared/base: imports nothing of ours',
    filePath: 'src-shared/base/fixture.ts',
    code: "import { Rng } from '../engine/rng';\nexport const rng = (seed: number): Rng => new Rng(seed);\n",
  },
  {
    breaks: 'src-shared/engine: no contract',
    filePath: 'src-shared/engine/fixture.ts',
    code: "import type { RunSummary } from '../contract/types';\nexport type Run = RunSummary;\n",
  },
  {
    breaks: 'src-shared/engine: no run config (experiment)',
    filePath: 'src-shared/engine/fixture.ts',
    code: "import type { RunConfig } from '../experiment/config';\nexport type Options = RunConfig;\n",
  },
  {
    breaks: 'src-shared/engine: no diagnostics',
    filePath: 'src-shared/engine/deeper/fixture.ts',
    code: "import { diagnose } from '../../diagnostics/doctor';\nexport const check = diagnose;\n",
  },
  {
    breaks: 'src-shared/engine: no report',
    filePath: 'src-shared/engine/fixture.ts',
    code: "export { buildReportModel } from '../report/model';\n",
  },
  {
    breaks: 'src-shared/datasets: no engine',
    filePath: 'src-shared/datasets/fixture.ts',
    code: "import { Rng } from '../engine/rng';\nexport const rng = (seed: number): Rng => new Rng(seed);\n",
  },
  {
    breaks: 'src-shared/import: only base',
    filePath: 'src-shared/import/fixture.ts',
    code: "import type { EpochRecord } from '../datasets/records';\nexport type R = EpochRecord;\n",
  },
  {
    breaks: 'src-shared/base: not the importers',
    filePath: 'src-shared/base/fixture.ts',
    code: "import type { ImportedRun } from '../import/imported-run';\nexport type R = ImportedRun;\n",
  },
  {
    breaks: 'src-shared/experiment: nothing above it',
    filePath: 'src-shared/experiment/fixture.ts',
    code: "import type { Finding } from '../diagnostics/doctor/rule';\nexport type F = Finding;\n",
  },
  {
    breaks: 'src-shared/diagnostics: no contract',
    filePath: 'src-shared/diagnostics/doctor/fixture.ts',
    code: "import type { RunSummary } from '../../contract/types';\nexport type Run = RunSummary;\n",
  },
  {
    breaks: 'src-shared/report: no contract',
    filePath: 'src-shared/report/fixture.ts',
    code: "import type { RunDetail } from '../contract/types';\nexport type Run = RunDetail;\n",
  },
  {
    breaks: 'src-main/trainer: never the core',
    filePath: 'src-main/trainer/fast/fixture.ts',
    code: "import { openStore } from '../../core/store/store';\nexport const open = openStore;\n",
  },
  {
    breaks: 'src-main/datasets: imports neither core nor trainer',
    filePath: 'src-main/datasets/fixture.ts',
    code: "import { dataDir } from '../core/paths';\nexport const dir = dataDir;\n",
  },
  {
    breaks: 'src-main/import: the readers write nothing (no core)',
    filePath: 'src-main/import/fixture.ts',
    code: "import { openStore } from '../core/store/store';\nexport const open = openStore;\n",
  },
  {
    breaks: 'src-main/core: bench is a tool outside the core',
    filePath: 'src-main/core/services/fixture.ts',
    code: "import { runBench } from '../../bench/bench';\nexport const bench = runBench;\n",
  },
  {
    breaks: 'src-main/bench: not the CLI',
    filePath: 'src-main/bench/fixture.ts',
    code: "import { program } from '../cli/index';\nexport const cli = program;\n",
  },
  {
    breaks: 'src-main/server: no CLI',
    filePath: 'src-main/server/fixture.ts',
    code: "import { describeError } from '../cli/errors';\nexport const describe = describeError;\n",
  },
  {
    breaks: 'src-main/electron: no server',
    filePath: 'src-main/electron/fixture.ts',
    code: "import { createEventHub } from '../server/events';\nexport const hub = createEventHub;\n",
  },
  {
    breaks: 'src-main/owner: no host on top of it',
    filePath: 'src-main/owner/fixture.ts',
    code: "import { program } from '../cli/index';\nexport const cli = program;\n",
  },
  {
    breaks: 'src-main/worker: no other host',
    filePath: 'src-main/worker/fixture.ts',
    code: "import { startServer } from '../server/server';\nexport const start = startServer;\n",
  },
  {
    breaks: 'src-main/cli: never Electron main',
    filePath: 'src-main/cli/commands/fixture.ts',
    code: "import { createWindow } from '../../electron/window';\nexport const open = createWindow;\n",
  },
];

/** Imports each folder may make, to show the rules do not forbid too much. */
const allowed: Omit<Fixture, 'breaks'>[] = [
  { filePath: 'src-shared/base/fixture.ts', code: "export { messageOf } from './errors';\n" },
  {
    filePath: 'src-shared/engine/fixture.ts',
    code: "import type { TrainingOptions } from './options';\nimport type { Split } from '../base/dataset';\nexport type Pair = [TrainingOptions, Split];\n",
  },
  {
    filePath: 'src-shared/datasets/fixture.ts',
    code: "export { ValidationError } from '../base/validation';\n",
  },
  { filePath: 'src-shared/experiment/fixture.ts', code: "export { Rng } from '../engine/rng';\n" },
  {
    filePath: 'src-shared/import/fixture.ts',
    code: "export { encodeWire } from '../base/wire';\n",
  },
  {
    filePath: 'src-main/import/fixture.ts',
    code: "export { formatBytes } from '../datasets/files';\nexport type { ImportedRun } from '../../src-shared/import/imported-run';\n",
  },
  {
    filePath: 'src-shared/report/fixture.ts',
    code: "export type { RunDetail } from '../experiment/run';\n",
  },
  {
    filePath: 'src-main/trainer/fast/fixture.ts',
    code: "export { loadDataset } from '../../datasets';\nexport type { TrainingSession } from '../../../src-shared/engine/session';\n",
  },
  {
    filePath: 'src-main/bench/fixture.ts',
    code: "export { trainRun } from '../trainer/train-run';\n",
  },
  {
    filePath: 'src-main/server/fixture.ts',
    code: "export { createEventHub } from '../core/events';\n",
  },
  { filePath: 'src-main/electron/fixture.ts', code: "export { createApp } from '../core/app';\n" },
  {
    filePath: 'src-main/electron/fixture.ts',
    code: "export { openStoreSession } from '../owner/session';\n",
  },
  {
    filePath: 'src-main/owner/fixture.ts',
    code: "export { startServer } from '../server/server';\n",
  },
  {
    filePath: 'src-main/cli/commands/fixture.ts',
    code: "export { runBench } from '../../bench/bench';\n",
  },
];

async function messagesOf(fixture: Omit<Fixture, 'breaks'>) {
  const [result] = await eslint.lintText(fixture.code, {
    filePath: path.join(root, fixture.filePath),
  });
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

function ruleFor(filePath: string) {
  const rule = layerRules.find((r) => filePath.startsWith(`${r.folder}/`));
  if (!rule) throw new Error(`no layer rule covers ${filePath}`);
  return rule;
}

describe('the layer rules of the lint', () => {
  it.each(fixtures)('fails on a fixture that breaks "$breaks"', async (fixture) => {
    const messages = await messagesOf(fixture);
    expect(messages).toEqual([
      { ruleId: RULE, message: expect.stringContaining(ruleFor(fixture.filePath).message) },
    ]);
  });

  it.each(allowed)('accepts the imports the layers allow in $filePath', async (fixture) => {
    expect(await messagesOf(fixture)).toEqual([]);
  });

  it('keeps test scaffolding (*.testing.ts) out of the product, and lets tests and scaffolding use it', async () => {
    const code =
      "import { xorConfig } from '../store/store.testing';\nexport const config = xorConfig;\n";
    const scaffolding = 'Test scaffolding (*.testing.ts) is for tests only.';
    for (const filePath of ['src-main/core/services/fixture.ts', 'src-shared/report/fixture.ts']) {
      expect(await messagesOf({ filePath, code })).toContainEqual({
        ruleId: 'no-restricted-syntax',
        message: scaffolding,
      });
    }
    for (const filePath of [
      'src-main/core/services/fixture.test.ts',
      'src-main/core/services/fixture.testing.ts',
    ]) {
      expect(await messagesOf({ filePath, code })).toEqual([]);
    }
  });

  it('has a fixture for every layer rule', () => {
    const proved = new Set(fixtures.map((f) => ruleFor(f.filePath).folder));
    expect(layerRules.map((r) => r.folder).filter((folder) => !proved.has(folder))).toEqual([]);
  });

  it('lets tests reach across layers to build their fixtures', async () => {
    const messages = await messagesOf({
      filePath: 'src-shared/engine/fixture.test.ts',
      code: "import type { RunConfig } from '../experiment/config';\nexport type Options = RunConfig;\n",
    });
    expect(messages).toEqual([]);
  });
});
