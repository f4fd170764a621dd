import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { loadWindowState, rememberWindowState } from './window-state';

const display = { x: 0, y: 0, width: 1920, height: 1040 };

function fakeWindow(bounds: Electron.Rectangle, maximized: boolean) {
  return Object.assign(new EventEmitter(), {
    getNormalBounds: () => bounds,
    isMaximized: () => maximized,
  });
}

describe("the window's remembered place", () => {
  it('is saved when the window closes and used at the next launch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-window-'));
    const win = fakeWindow({ x: 120, y: 80, width: 1200, height: 800 }, true);
    rememberWindowState(win as unknown as BrowserWindow, dir);
    expect(loadWindowState(dir, [display])).toBeNull();
    win.emit('close');
    expect(loadWindowState(dir, [display])).toEqual({
      bounds: { x: 120, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('is dropped when no connected display shows its title bar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-window-'));
    const onSecondMonitor = {
      bounds: { x: 2000, y: 100, width: 1000, height: 700 },
      maximized: false,
    };
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify(onSecondMonitor));
    expect(loadWindowState(dir, [display])).toBeNull();
    const second = { x: 1920, y: 0, width: 1920, height: 1080 };
    expect(loadWindowState(dir, [display, second])).toEqual(onSecondMonitor);
  });

  it('is fitted onto the display that shows its title bar when it is larger or hangs off it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-window-'));
    const huge = { bounds: { x: -19_900, y: 10, width: 20_000, height: 20_000 }, maximized: false };
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify(huge));
    expect(loadWindowState(dir, [display])).toEqual({ bounds: display, maximized: false });
    const hanging = { bounds: { x: 1800, y: 900, width: 1200, height: 800 }, maximized: true };
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify(hanging));
    expect(loadWindowState(dir, [display])).toEqual({
      bounds: { x: 720, y: 240, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it.each([
    ['not JSON', '{'],
    ['a folder where the file should be', null],
    [
      'a position beyond any screen',
      JSON.stringify({ bounds: { x: 1e300, y: 0, width: 900, height: 600 }, maximized: false }),
    ],
    [
      'a negative width',
      JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 600 }, maximized: false }),
    ],
    ['a missing field', JSON.stringify({ bounds: { x: 0, y: 0, width: 900, height: 600 } })],
    [
      'a fractional position',
      JSON.stringify({ bounds: { x: 0.5, y: 0, width: 900, height: 600 }, maximized: false }),
    ],
  ])('is ignored when the file holds %s', (_what, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-window-'));
    if (text === null) mkdirSync(join(dir, 'window-state.json'));
    else writeFileSync(join(dir, 'window-state.json'), text);
    expect(loadWindowState(dir, [display])).toBeNull();
    if (text !== null) expect(readFileSync(join(dir, 'window-state.json'), 'utf8')).toBe(text);
  });
});
