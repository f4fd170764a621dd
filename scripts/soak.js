#!/usr/bin/env node
// `npm run test:soak`: the long fault and load tests (src-main/soak/*.soak.ts) with vitest, then
// the summary table (what was tried, how many times, what survived). Needs `npm run build`.
// Knobs: BACKPROP_SOAK_KILLS (owner kills, default 24), BACKPROP_SOAK_RUNS (load runs, default
// 200), BACKPROP_SOAK_SEED (replay the random moments of an earlier run). Extra arguments go to
// vitest (e.g. a file filter: `npm run test:soak -- load`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
for (const built of ['out/main/cli.js', 'out/main/trainer.js']) {
  if (!existsSync(join(root, built))) {
    process.stderr.write(`soak: ${built} is missing; run \`npm run build\` first.\n`);
    process.exit(1);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'backprop-soak-'));
const summary = join(dir, 'summary.md');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'scripts/vitest.soak.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, BACKPROP_SOAK_SUMMARY: summary } },
);
if (existsSync(summary)) {
  process.stdout.write('\n| what | tried | survived |\n|---|---|---|\n');
  process.stdout.write(readFileSync(summary, 'utf8'));
}
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
