/**
 * Opening an address in the default browser (`serve --open`, `npm start`'s browser fallback):
 * the platform's own opener, started with arguments (no shell, so the address is never parsed
 * as a command) and detached. Failing to open one is not an error: the caller has printed the
 * address, and says so.
 */
import { spawn } from 'node:child_process';

export interface Opener {
  command: string;
  args: string[];
}

/** The opener for a platform: xdg-open (Linux, BSD), open (macOS), rundll32's URL handler
 * (Windows; `start` is a cmd.exe built-in and would need a shell). */
export function openerFor(platform: NodeJS.Platform, url: string): Opener {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32')
    return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** How long an opener may run before we take it that the browser is up (xdg-open can wait for
 * the browser it started). */
const SETTLE_MS = 3000;

/** Resolves to null when the opener started the browser, or to the reason it could not. */
export function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
  start: typeof spawn = spawn,
): Promise<string | null> {
  const { command, args } = openerFor(platform, url);
  return new Promise((resolve) => {
    const child = start(command, args, { detached: true, stdio: 'ignore' });
    const settle = (reason: string | null) => {
      clearTimeout(timer);
      child.unref();
      resolve(reason);
    };
    const timer = setTimeout(() => settle(null), SETTLE_MS);
    child.once('error', (error) => settle(`${command}: ${error.message}`));
    child.once('exit', (code) => settle(code === 0 ? null : `${command} exited with code ${code}`));
  });
}
