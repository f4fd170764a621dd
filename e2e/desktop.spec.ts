/**
 * The real desktop app through Playwright's Electron driver: from the project folder (`electron .`)
 * and, after `npm run dist`, the packaged app in dist/. It needs the Electron binary, which
 * `npm ci` does not download (allowScripts denies electron's postinstall) and which cannot be
 * fetched on offline machines: there each part reports itself skipped with the reason.
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

/** The unpacked app `npm run dist` leaves in dist/ for this platform, if it was built here. */
function packagedApp(): string | null {
  const candidates = {
    linux: 'dist/linux-unpacked/backprop-workbench',
    darwin: `dist/mac${process.arch === 'arm64' ? '-arm64' : ''}/Backprop Workbench.app/Contents/MacOS/Backprop Workbench`,
    win32: 'dist/win-unpacked/Backprop Workbench.exe',
  } as Partial<Record<NodeJS.Platform, string>>;
  const path = candidates[process.platform];
  return path && existsSync(join(root, path)) ? join(root, path) : null;
}

const packaged = packagedApp();

test.describe('packaged desktop app', () => {
  test.skip(
    !packaged,
    'No packaged app in dist/ (`npm run dist` builds it where Electron and its headers can be downloaded)',
  );

  test('serves its page from app:// with the CSP header, its icon, the API and the dialogs', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'backprop-packaged-'));
    const app = await electron.launch({
      executablePath: packaged!,
      args: [`--user-data-dir=${userData}`],
      env: { ...process.env, BACKPROP_DB: join(userData, 'workbench.db') },
    });
    const window = await app.firstWindow();
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(window.url()).toMatch(/^app:\/\/workbench\/index\.html/);
    const page = await window.evaluate(async () => {
      const index = await fetch('/index.html');
      const icon = await fetch('/icon.png');
      return {
        csp: index.headers.get('content-security-policy'),
        icon: icon.status,
        desktop: Object.keys((globalThis as { desktop?: object }).desktop ?? {}).sort(),
      };
    });
    expect(page.csp).toContain("frame-ancestors 'none'");
    expect(page.icon).toBe(200);
    expect(page.desktop).toEqual(['chooseDatasetPath', 'openBundle', 'saveExport']);
    await window.screenshot({ path: join(root, 'e2e/screenshots/desktop-packaged.png') });
    await app.close();
  });
});
