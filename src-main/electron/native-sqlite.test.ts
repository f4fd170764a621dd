import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronSqliteBinding } from './native-sqlite';

describe("the desktop app's build of better-sqlite3", () => {
  it('is found in build/electron-native of the app folder in development', () => {
    const app = mkdtempSync(join(tmpdir(), 'backprop-app-'));
    expect(electronSqliteBinding(app)).toBeUndefined();
    mkdirSync(join(app, 'build/electron-native'), { recursive: true });
    writeFileSync(join(app, 'build/electron-native/better_sqlite3.node'), '');
    expect(electronSqliteBinding(app)).toBe(join(app, 'build/electron-native/better_sqlite3.node'));
  });

  it('is loaded from app.asar.unpacked in a package', () => {
    const resources = mkdtempSync(join(tmpdir(), 'backprop-resources-'));
    const beside = join(resources, 'app.asar.unpacked/build/electron-native');
    mkdirSync(beside, { recursive: true });
    writeFileSync(join(beside, 'better_sqlite3.node'), '');
    expect(electronSqliteBinding(join(resources, 'app.asar'))).toBe(
      join(beside, 'better_sqlite3.node'),
    );
  });
});
