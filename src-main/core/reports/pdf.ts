/**
 * PDF from the report's HTML through a headless Chromium (playwright-core, no Playwright browser
 * download needed): the system browser from BACKPROP_CHROMIUM, else /usr/bin/chromium, else
 * Playwright's own if one is installed. Where none exists, one sentence says why and what to install.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

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

/** The Chromium binary to use, or null when none is present. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.BACKPROP_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const own = chromium.executablePath();
    return own && existsSync(own) ? own : null;
  } catch {
    return null;
  }
}

export function chromiumMissingMessage(env: NodeJS.ProcessEnv = process.env): string {
  const where = env.BACKPROP_CHROMIUM
    ? `BACKPROP_CHROMIUM points to ${env.BACKPROP_CHROMIUM}, which does not exist`
    : 'no Chromium was found at /usr/bin/chromium or in Playwright’s browser folder';
  return `PDF export needs a Chromium browser and ${where}; install one (Debian/Ubuntu: apt-get install chromium) or set BACKPROP_CHROMIUM to its path, or export HTML and print it from a browser.`;
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
