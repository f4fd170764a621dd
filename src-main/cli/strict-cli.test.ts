/**
 * What the CLI says about bad files, bad --db paths and hostile run names, run as a user runs it
 * (needs `npm run build`). Every refusal must leave no database behind it.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntryOf } from '../../src-shared/report/bundle';
import { fixtureRun } from '../../src-shared/report/report.testing';
import { xorInput } from '../core/store/store.testing';
import { openStore } from '../core/store/store';
import { runCli, useCliWorkspace } from './cli.testing';

const ESC = '\u001b';
const BEL = '\u0007';

const workspace = useCliWorkspace('backprop-strict-cli-', { dbName: 'cli.db' });
const { file } = workspace;

describe('config files', () => {
  it('names a misspelled field and the one meant, and creates no database', async () => {
    const config = file('run.json', JSON.stringify({ ...xorInput(), momemtum: 0.9, l2_lambda: 5 }));
    const result = await runCli(['train', '--config', config, '--db', workspace.db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'config.momemtum: Unknown field "momemtum" (did you mean "momentum"?)',
    );
    expect(result.stderr).toContain(
      'config.l2_lambda: Unknown field "l2_lambda" (did you mean "l2"?)',
    );
    expect(existsSync(workspace.db)).toBe(false);
  });

  it('reads a config that starts with a byte-order mark', async () => {
    const config = file('bom.json', `\uFEFF${JSON.stringify({ ...xorInput(), learningRate: -1 })}`);
    const result = await runCli(['train', '--config', config, '--db', workspace.db]);
    expect(result.stderr).not.toMatch(/not valid JSON|Unexpected token/);
    expect(result.stderr).toMatch(/config\.learningRate: learningRate must be > 0/);
  });

  it('refuses 2,000 levels of nesting with the limit, not a stack overflow', async () => {
    const deep = `{"layers": ${'['.repeat(2000)}${']'.repeat(2000)}}`;
    const result = await runCli([
      'train',
      '--config',
      file('deep.json', deep),
      '--db',
      workspace.db,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /deep\.json nests 2001 levels deep; at most 100 levels are allowed/,
    );
    expect(result.stderr).not.toMatch(/call stack/);
  });

  it('refuses --save-weights naming a folder before any training', async () => {
    const folder = join(workspace.dir, 'weights');
    mkdirSync(folder);
    const config = file('run.json', JSON.stringify(xorInput()));
    const result = await runCli([
      'train',
      '--config',
      config,
      '--db',
      workspace.db,
      '--save-weights',
      folder,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--save-weights: .*weights is a folder; name a file/);
    expect(existsSync(workspace.db)).toBe(false);
  });
});

describe('--db', () => {
  it('says a folder is a folder', async () => {
    const result = await runCli(['runs', '--db', workspace.dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /--db .* is a folder: name a database file, e\.g\. .*workbench\.db/,
    );
    const train = await runCli([
      'train',
      '--config',
      file('r.json', JSON.stringify(xorInput())),
      '--db',
      workspace.dir,
    ]);
    expect(train.stderr).toMatch(/is a folder: name a database file/);
  });

  it('says /dev/null is not a regular file', async () => {
    const result = await runCli(['runs', '--db', '/dev/null']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--db \/dev\/null is not a regular file/);
  });

  it('does not create a store for resume: it says the file does not exist', async () => {
    const missing = join(workspace.dir, 'typo.db');
    const result = await runCli(['resume', '1', '--db', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No database at .*typo\.db: the file does not exist/);
    expect(result.stderr).not.toMatch(/Run 1 does not exist/);
    expect(existsSync(missing)).toBe(false);
  });

  // Root may write into any folder, so the check (and SQLite) only see a read-only folder as
  // another user.
  it.runIf(process.getuid?.() !== 0)('says a folder is read-only', async () => {
    const folder = join(workspace.dir, 'locked');
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    try {
      const config = file('r.json', JSON.stringify(xorInput()));
      const result = await runCli(['train', '--config', config, '--db', join(folder, 'a.db')]);
      expect(result.stderr).toMatch(/cannot be created: the folder .*locked is read-only/);
    } finally {
      chmodSync(folder, 0o755);
    }
  });
});

describe('a stored setting that no longer parses', () => {
  it('lets the CLI open the store, naming the setting, instead of a URIError', async () => {
    const store = openStore(workspace.db);
    store.settings.set({ redisUrl: 'redis://%zz@127.0.0.1:1' });
    store.close();
    const result = await runCli(['queue', '--work', '--db', workspace.db]);
    expect(result.stderr).not.toMatch(/URIError/);
    expect(result.stderr).toMatch(
      /The stored setting redisUrl is ignored: .*the user name holds a malformed %-escape: write % as %25\. Its default null is used/,
    );
    expect(result.code).toBe(0);
  });
});

describe('run names on the terminal', () => {
  it('shows escape sequences as text instead of sending them', async () => {
    const names = [
      `${ESC}]52;c;ZWNobyBvd25lZA==${BEL}clipboard`,
      `${ESC}]0;new title${BEL}title`,
      `erase${ESC}[2K${ESC}[1A\r`,
    ];
    const store = openStore(workspace.db);
    store.importRuns(
      names.map((name, i) => bundleEntryOf(fixtureRun(i + 1, { name }, 2), null, null)),
    );
    store.close();
    const result = await runCli(['runs', '--db', workspace.db]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stdout).not.toContain(BEL);
    expect(result.stdout).not.toContain('\r');
    expect(result.stdout).toContain('\\x1b]52;c;ZWNobyBvd25lZA==\\x07clipboard');
    expect(result.stdout).toContain('\\x1b]0;new title\\x07title');
    expect(result.stdout).toContain('erase\\x1b[2K\\x1b[1A\\x0d');
    const queue = await runCli(['runs', '--db', workspace.db, '--json']);
    expect(queue.stdout).toContain('\\u001b]52');
  });
});
