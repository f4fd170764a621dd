import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Playwright cannot download its browser here: use BACKPROP_CHROMIUM, else Debian's Chromium,
 * else Playwright's own browser where one is installed. */
function chromiumPath(): string | undefined {
  if (process.env.BACKPROP_CHROMIUM) return process.env.BACKPROP_CHROMIUM;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
