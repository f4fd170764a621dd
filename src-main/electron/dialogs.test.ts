/** The native dialogs behind window.desktop, with Electron's dialog and ipcMain faked. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BUNDLE_BYTES, readBundle, registerDesktopFiles, type DialogHost } from './dialogs';

const dir = mkdtempSync(join(tmpdir(), 'backprop-dialogs-'));
const own = { senderFrame: { url: 'app://workbench/index.html', parent: null } };
const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
type Handler = (event: unknown, args: unknown) => Promise<unknown>;
let handlers: Map<string, Handler>;
let dialog: { showOpenDialog: ReturnType<typeof vi.fn>; showSaveDialog: ReturnType<typeof vi.fn> };
const win = { id: 1 } as unknown as BrowserWindow;

beforeEach(() => {
  handlers = new Map();
  dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };
  const host: DialogHost = {
    ipcMain: { handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) } as never,
    dialog: dialog as never,
    window: () => win,
    downloads: '/home/u/Downloads',
    trusted: (frame) => frame?.url.startsWith('app://workbench/') === true,
  };
  registerDesktopFiles(host);
});

const call = (channel: string, args: unknown, event: unknown = own) =>
  handlers.get(channel)!(event, args);

describe('the desktop file dialogs', () => {
  it('registers exactly one channel per method', () => {
    expect([...handlers.keys()].sort()).toEqual([
      'desktop.chooseDatasetPath',
      'desktop.openBundle',
      'desktop.saveExport',
    ]);
  });

  it('chooses a CSV file or an idx folder with the matching dialog, modal to the window', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/data/xor.csv'] });
    expect(await call('desktop.chooseDatasetPath', ['csv'])).toEqual({
      ok: true,
      value: '/data/xor.csv',
    });
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      win,
      expect.objectContaining({ properties: ['openFile'] }),
    );
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/data/fashion'] });
    expect(await call('desktop.chooseDatasetPath', ['idx-folder'])).toEqual({
      ok: true,
      value: '/data/fashion',
    });
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      win,
      expect.objectContaining({ properties: ['openDirectory'] }),
    );
  });

  it('answers null when the dialog is cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await call('desktop.chooseDatasetPath', ['csv'])).toEqual({ ok: true, value: null });
    expect(await call('desktop.openBundle', [])).toEqual({ ok: true, value: null });
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await call('desktop.saveExport', [{ fileName: 'r.csv', base64: 'YQ==' }])).toEqual({
      ok: true,
      value: null,
    });
  });

  it('reads the chosen bundle whole', async () => {
    const bundle = join(dir, 'runs.bpbundle');
    writeFileSync(bundle, '{"runs":[]}');
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [bundle] });
    expect(await call('desktop.openBundle', [])).toEqual({
      ok: true,
      value: { fileName: 'runs.bpbundle', base64: Buffer.from('{"runs":[]}').toString('base64') },
    });
  });

  it('refuses a folder picked as a bundle, naming it', async () => {
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [folder] });
    expect(await call('desktop.openBundle', [])).toEqual({
      ok: false,
      error: { message: `${folder} is not a regular file` },
    });
  });

  it('refuses a bundle over the limit and a FIFO without reading them', async () => {
    const huge = join(dir, 'huge.bpbundle');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_BUNDLE_BYTES + 1); // sparse: nothing is written
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await expect(readBundle(huge)).rejects.toThrow(
      `${huge} is ${MAX_BUNDLE_BYTES + 1} bytes, over the 128 MiB limit for a bundle`,
    );
    await expect(readBundle(fifo)).rejects.toThrow(`${fifo} is not a regular file`);
  });

  it('saves an export where the save dialog says, starting in Downloads', async () => {
    const target = join(dir, 'report.html');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const base64 = Buffer.from('<h1>report</h1>').toString('base64');
    expect(await call('desktop.saveExport', [{ fileName: 'report.html', base64 }])).toEqual({
      ok: true,
      value: target,
    });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ defaultPath: '/home/u/Downloads/report.html' }),
    );
    expect(readFileSync(target, 'utf8')).toBe('<h1>report</h1>');
  });

  it.each([
    ['desktop.chooseDatasetPath', ['mp3'], /kind must be 'csv' or 'idx-folder'/],
    [
      'desktop.saveExport',
      [{ fileName: '../../.bashrc', base64: 'YQ==' }],
      /fileName must not name a folder/,
    ],
    [
      'desktop.saveExport',
      [{ fileName: 'a.csv', base64: 'not base64!' }],
      /base64 must be base64 text/,
    ],
    ['desktop.saveExport', [{ fileName: 'a.csv', base64: 'YQ' }], /base64 must be base64 text/],
    ['desktop.saveExport', [{ fileName: 'a.csv', base64: 'YQ==', path: '/etc/x' }], /path/],
  ])('refuses %s with %j before any dialog opens', async (channel, args, message) => {
    const answer = (await call(channel, args)) as { ok: boolean; error: { message: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toMatch(message);
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('answers only our own page', async () => {
    expect(await call('desktop.openBundle', [], foreign)).toEqual({
      ok: false,
      error: { message: 'Untrusted sender' },
    });
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});
