import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../core/store/store.testing';
import { ownerFilePath, readOwnerFile, writeOwnerFile } from './owner-file';

let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => tmp?.cleanup());

function store(): string {
  tmp = tempDir('backprop-owner-');
  return join(tmp.dir, 'workbench.db');
}

const info = {
  host: 'serve' as const,
  command: 'backprop serve',
  pid: 4242,
  port: 5171,
  secret: 'a'.repeat(32),
  loginToken: 'b'.repeat(32),
  updatedAt: '2026-01-02T03:04:05.000Z',
};

describe('the owner file', () => {
  it('is absent until serve writes it', () => {
    expect(readOwnerFile(store())).toBeNull();
  });

  it('reads back what was written, beside the store, readable by the user only', () => {
    const db = store();
    writeOwnerFile(db, info);
    expect(ownerFilePath(db)).toBe(`${db}.owner.json`);
    expect(readOwnerFile(db)).toEqual({
      format: 'backprop-workbench-owner',
      version: 1,
      ...info,
      exposed: false,
    });
    if (process.platform !== 'win32') expect(statSync(ownerFilePath(db)).mode & 0o777).toBe(0o600);
  });

  it('narrows a file that was readable by others when it rewrites it', () => {
    const db = store();
    writeFileSync(`${ownerFilePath(db)}.${process.pid}.tmp`, 'old', { mode: 0o644 });
    writeOwnerFile(db, info);
    if (process.platform !== 'win32') expect(statSync(ownerFilePath(db)).mode & 0o777).toBe(0o600);
  });

  it('says a file others could read is exposed, so its secret is not used again', () => {
    const db = store();
    writeOwnerFile(db, info);
    chmodSync(ownerFilePath(db), 0o644);
    if (process.platform !== 'win32') expect(readOwnerFile(db)?.exposed).toBe(true);
  });

  it('refuses a FIFO or a symlink before reading a byte, and a file far too large, naming it', () => {
    const db = store();
    symlinkSync('/dev/zero', ownerFilePath(db));
    expect(() => readOwnerFile(db)).toThrow(`${ownerFilePath(db)} is not a regular file`);
    rmSync(ownerFilePath(db));
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [ownerFilePath(db)]);
      expect(() => readOwnerFile(db)).toThrow(/is not a regular file/);
      rmSync(ownerFilePath(db));
    }
    writeFileSync(ownerFilePath(db), ' '.repeat(100_000));
    expect(() => readOwnerFile(db)).toThrow(/100000 bytes, not an owner file/);
  });

  it('refuses a file that is not JSON, naming it, and leaves it as it was', () => {
    const db = store();
    writeFileSync(ownerFilePath(db), 'port=5170');
    expect(() => readOwnerFile(db)).toThrow(`${ownerFilePath(db)} is not valid JSON`);
    expect(readFileSync(ownerFilePath(db), 'utf8')).toBe('port=5170');
  });

  it('refuses a field it does not know, naming it', () => {
    const db = store();
    writeOwnerFile(db, info);
    const body = JSON.parse(readFileSync(ownerFilePath(db), 'utf8'));
    writeFileSync(ownerFilePath(db), JSON.stringify({ ...body, prot: 1 }));
    expect(() => readOwnerFile(db)).toThrow(/prot/);
  });

  it('refuses a field out of range, naming the field', () => {
    const db = store();
    writeOwnerFile(db, info);
    const body = JSON.parse(readFileSync(ownerFilePath(db), 'utf8'));
    writeFileSync(ownerFilePath(db), JSON.stringify({ ...body, secret: 'short' }));
    expect(() => readOwnerFile(db)).toThrow(/: secret: expected at least 32 base64url characters/);
  });
});
