/**
 * The real desktop app through Playwright's Electron driver. It needs the Electron binary, which
 * `npm ci` does not download (allowScripts denies electron's postinstall) and which cannot be
 * fetched on offline machines: there the spec reports itself skipped with the reason.
 */
import { _electron as electron, test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const nativeSqlite = existsSync(join(root, 'build/electron-native/better_sqlite3.node'));

test.describe('desktop app', () => {
  test.skip(
    !binary,
    'No Electron binary: `npm ci` skips its download and this machine cannot fetch it (run `node node_modules/electron/install.js` where GitHub is reachable)',
  );
  test.skip(
    !nativeSqlite,
    'No Electron-ABI build of better-sqlite3 in build/electron-native (`npm start` prepares it where prebuilt binaries can be downloaded)',
  );

  test('opens the window with the app shell and no Node in the page', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'backprop-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root, `--user-data-dir=${userData}`],
      env: { ...process.env, BACKPROP_DB: join(userData, 'workbench.db') },
    });
    const window = await app.firstWindow();
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
    const apiKeys = await window.evaluate(() =>
      Object.keys((globalThis as { api?: object }).api ?? {}).sort(),
    );
    expect(apiKeys).toEqual(['datasets', 'doctor', 'queue', 'reports', 'runs', 'settings']);
    await window.screenshot({ path: join(root, 'e2e/screenshots/desktop.png') });
    await app.close();
  });
});
