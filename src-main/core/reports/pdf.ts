/**
 * PDF from the report's HTML through a headless Chromium (playwright-core, no Playwright browser
 * download needed): an installed Chrome, Chromium or Edge found by browser-finder.ts
 * (BACKPROP_CHROMIUM first), else Playwright's own if one is installed. Where none exists, one
 * sentence says why and what to install.
 */
import { chromium } from 'playwright-core';
import { browserMissingMessage, findBrowser } from './browser-finder';

/** Flags that keep a headless Chromium quiet on a closed network and in containers. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** The browser binary to use, or null when none is present (browser-finder.ts). */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  return findBrowser({ env, platform }, () => {
    try {
      return chromium.executablePath() || null;
    } catch {
      return null;
    }
  });
}

export function chromiumMissingMessage(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return browserMissingMessage(platform, env);
}

/** Renders self-contained HTML to an A4 PDF with backgrounds. The page has no network access. */
export async function renderPdfWithChromium(
  html: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Uint8Array> {
  const executablePath = findChromium(env);
  if (!executablePath) throw new PdfUnavailableError(chromiumMissingMessage(env));
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
