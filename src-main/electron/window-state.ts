/**
 * The window's size and position, remembered in <userData>/window-state.json across launches.
 * A saved place is used only while it still fits on a connected display (a monitor unplugged
 * since must not leave the window off screen) and is fitted into that display; a file that does
 * not parse is ignored.
 */
import type { BrowserWindow, Rectangle } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const rectangle = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
});
const savedState = z.object({ bounds: rectangle, maximized: z.boolean() });
export type WindowState = z.infer<typeof savedState>;

const FILE = 'window-state.json';

/** How much of the window's title bar must be on a display (pixels each way). */
const VISIBLE = 64;

function overlaps(bounds: Rectangle, area: Rectangle): boolean {
  const width = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const height = Math.min(bounds.y + VISIBLE, area.y + area.height) - Math.max(bounds.y, area.y);
  return width >= VISIBLE && height >= VISIBLE / 2;
}

/** `bounds` moved and shrunk as little as needed to lie wholly inside `area` (a window saved on a
 * larger monitor, or hanging off the edge, opens whole on the one it is shown on now). */
function fitInto(bounds: Rectangle, area: Rectangle): Rectangle {
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  return {
    x: clamp(bounds.x, area.x, area.x + area.width - width),
    y: clamp(bounds.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

/** The saved state, when there is one that parses and whose title bar is on one of `workAreas`,
 * fitted into that display. */
export function loadWindowState(userData: string, workAreas: Rectangle[]): WindowState | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(userData, FILE), 'utf8'));
  } catch {
    return null;
  }
  const state = savedState.safeParse(parsed);
  if (!state.success) return null;
  const area = workAreas.find((a) => overlaps(state.data.bounds, a));
  return area ? { ...state.data, bounds: fitInto(state.data.bounds, area) } : null;
}

/** Saves the window's normal (not maximized) bounds and whether it is maximized, as it closes. */
export function rememberWindowState(win: BrowserWindow, userData: string): void {
  win.on('close', () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(join(userData, FILE), JSON.stringify(state));
    } catch {
      // A read-only profile: the window opens at its default place next time.
    }
  });
}
