import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserCandidates,
  browserMissingMessage,
  findBrowser,
  isExecutableFile,
} from './browser-finder';

/** A folder for a fake PATH, holding executables with these names (and a non-executable one). */
function fakePath(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-path-'));
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
  writeFileSync(join(dir, 'chromium-browser'), 'not executable');
  return dir;
}

/** The real file check, but blind outside `dir`: this machine's own browsers stay out of it. */
const only = (dir: string) => (path: string) =>
  path.startsWith(`${dir}/`) && isExecutableFile(path);

describe('finding a browser for PDF export', () => {
  it('finds Chrome, Chromium or Edge on PATH, in PATH order, skipping files it cannot run', () => {
    const empty = fakePath();
    const second = fakePath('microsoft-edge', 'google-chrome');
    const env = { PATH: [empty, second].join(':') };
    expect(findBrowser({ env, platform: 'linux', isExecutable: only(empty) })).toBeNull();
    expect(
      findBrowser({
        env,
        platform: 'linux',
        isExecutable: (p) => only(empty)(p) || only(second)(p),
      }),
    ).toBe(join(second, 'google-chrome'));
  });

  it('uses BACKPROP_CHROMIUM first, and only it when it is set', () => {
    const dir = fakePath('chromium', 'my-chrome');
    const env = { PATH: dir, BACKPROP_CHROMIUM: join(dir, 'my-chrome') };
    expect(findBrowser({ env, platform: 'linux', isExecutable: only(dir) })).toBe(
      join(dir, 'my-chrome'),
    );
    const missing = { PATH: dir, BACKPROP_CHROMIUM: join(dir, 'nothing-here') };
    expect(findBrowser({ env: missing, platform: 'linux', isExecutable: only(dir) })).toBeNull();
  });

  it('falls back to the last resort (Playwright’s browser) only when it exists', () => {
    const dir = fakePath('playwright-chrome');
    const where = { env: { PATH: '' }, platform: 'linux' as const, isExecutable: only(dir) };
    expect(findBrowser(where, () => join(dir, 'playwright-chrome'))).toBe(
      join(dir, 'playwright-chrome'),
    );
    expect(findBrowser(where, () => join(dir, 'gone'))).toBeNull();
  });

  it('looks where Windows installs Chrome and Edge, then on its Path', () => {
    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
      Path: 'C:\\Tools;D:\\Browsers',
    };
    const candidates = browserCandidates('win32', env);
    expect(candidates).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(candidates).toContain(
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    );
    expect(candidates).toContain(
      'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    );
    expect(candidates.indexOf('D:\\Browsers\\msedge.exe')).toBeGreaterThan(
      candidates.indexOf('C:\\Tools\\msedge.exe'),
    );
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser({ env, platform: 'win32', isExecutable: (p) => p === edge })).toBe(edge);
  });

  it('never runs a `chromium` found through a relative PATH folder (such as . or bin)', () => {
    const here = fakePath('chromium');
    const relativeToCwd = relative(process.cwd(), here);
    expect(isAbsolute(relativeToCwd)).toBe(false);
    expect(isExecutableFile(join(relativeToCwd, 'chromium'))).toBe(true);
    const env = { PATH: ['.', 'bin', relativeToCwd, '', '/nonexistent-bin'].join(':') };
    // The real check for relative paths; this machine's own /usr/bin/chromium stays out of it.
    const isExecutable = (p: string) => !isAbsolute(p) && isExecutableFile(p);
    expect(findBrowser({ env, platform: 'linux', isExecutable })).toBeNull();
    const candidates = browserCandidates('linux', env);
    expect(candidates.filter((c) => !isAbsolute(c))).toEqual([]);
    expect(candidates).toContain('/nonexistent-bin/chromium');
  });

  it('takes BACKPROP_CHROMIUM only as an absolute path, and says so', () => {
    const here = fakePath('chromium');
    const relativeToCwd = join(relative(process.cwd(), here), 'chromium');
    const env = { PATH: '', BACKPROP_CHROMIUM: relativeToCwd };
    expect(findBrowser({ env, platform: 'linux', isExecutable: isExecutableFile })).toBeNull();
    expect(browserMissingMessage('linux', env)).toContain(
      `BACKPROP_CHROMIUM is ${relativeToCwd}, which is not an absolute path`,
    );
  });

  it('ignores relative Windows folders in Path, PROGRAMFILES and LOCALAPPDATA', () => {
    const env = { PROGRAMFILES: 'Program Files', LOCALAPPDATA: '.', Path: '.;tools;C:\\Tools' };
    const candidates = browserCandidates('win32', env);
    expect(candidates.filter((c) => !win32.isAbsolute(c))).toEqual([]);
    expect(candidates).toContain('C:\\Tools\\chrome.exe');
  });

  it('looks in /Applications and ~/Applications on macOS', () => {
    const candidates = browserCandidates('darwin', { HOME: '/Users/ada', PATH: '/usr/bin' });
    expect(candidates.slice(0, 2)).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ]);
    expect(candidates).toContain('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    expect(candidates).toContain('/usr/bin/chromium');
  });

  it.each([
    ['linux', /apt-get install chromium/],
    ['darwin', /Google Chrome, Chromium or Microsoft Edge into \/Applications/],
    ['win32', /Edge comes with Windows 10 and 11/],
  ] as const)('says what to install on %s when none is found', (platform, install) => {
    const message = browserMissingMessage(platform, {});
    expect(message).toMatch(
      /^PDF export needs a Chromium-based browser and no Chrome, Chromium or Edge was found/,
    );
    expect(message).toMatch(install);
    expect(message).toMatch(/BACKPROP_CHROMIUM/);
  });
});
