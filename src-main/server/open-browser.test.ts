import { EventEmitter } from 'node:events';
import type { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openInBrowser, openerFor } from './open-browser';

/** A spawn stand-in whose child reports `event` right away. */
function fakeSpawn(event: 'exit' | 'error', value: unknown) {
  const calls: { command: string; args: readonly string[]; options: unknown }[] = [];
  const start = ((command: string, args: readonly string[], options: unknown) => {
    calls.push({ command, args, options });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    setImmediate(() => child.emit(event, value));
    return child;
  }) as unknown as typeof spawn;
  return { start, calls };
}

const url = 'http://127.0.0.1:5170/?token=abc&x=1';

describe('opening the default browser', () => {
  it('uses each platform’s opener with the address as one argument (no shell)', () => {
    expect(openerFor('linux', url)).toEqual({ command: 'xdg-open', args: [url] });
    expect(openerFor('darwin', url)).toEqual({ command: 'open', args: [url] });
    expect(openerFor('win32', url)).toEqual({
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', url],
    });
  });

  it('reports success when the opener exits cleanly, detached', async () => {
    const { start, calls } = fakeSpawn('exit', 0);
    expect(await openInBrowser(url, 'linux', start)).toBeNull();
    expect(calls[0]).toMatchObject({ command: 'xdg-open', args: [url] });
    expect(calls[0].options).toMatchObject({ detached: true, stdio: 'ignore' });
  });

  it('returns the reason instead of throwing when there is no opener or no browser', async () => {
    const missing = fakeSpawn('error', new Error('spawn xdg-open ENOENT'));
    expect(await openInBrowser(url, 'linux', missing.start)).toBe(
      'xdg-open: spawn xdg-open ENOENT',
    );
    const noBrowser = fakeSpawn('exit', 3);
    expect(await openInBrowser(url, 'linux', noBrowser.start)).toBe('xdg-open exited with code 3');
  });
});
