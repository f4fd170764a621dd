import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGrayPng } from '../../../src-shared/report/png';
import { buildReport } from '../../../src-shared/report/model';
import { renderHtml } from '../../../src-shared/report/html';
import {
  divergedRun,
  fixtureApp,
  fixtureRun,
  fixtureWeights,
  hostile,
} from '../../../src-shared/report/report.testing';
import { findChromium, PdfUnavailableError, renderPdfWithChromium } from './pdf';
import { readPngGray } from './png.testing';

const chromium = findChromium();
const pdftoppm = spawnSync('pdftoppm', ['-v']).status === 0;
if (!chromium)
  console.warn(
    'Skipping the Chromium PDF test: no Chromium (apt-get install -y chromium, or set BACKPROP_CHROMIUM)',
  );
if (!pdftoppm)
  console.warn(
    'Skipping the rendered-page check: pdftoppm is missing (apt-get install -y poppler-utils)',
  );

function comparisonHtml(): string {
  const runs = [
    fixtureRun(1, { seed: 1, name: 'baseline seed 1' }, 10),
    fixtureRun(2, { seed: 2, name: 'baseline seed 2' }, 10),
    divergedRun(3),
  ];
  runs[2].notes = hostile;
  const model = buildReport({
    runs,
    weights: { 1: fixtureWeights(30) },
    app: fixtureApp,
    generatedAt: '2025-03-05T10:00:00Z',
  });
  return renderHtml(model);
}

describe('PDF export', () => {
  it('says why not and what to install when there is no Chromium', async () => {
    const env = { BACKPROP_CHROMIUM: '/nonexistent/chromium' };
    expect(findChromium(env)).toBeNull();
    const failure = renderPdfWithChromium('<p>x</p>', env);
    await expect(failure).rejects.toBeInstanceOf(PdfUnavailableError);
    await expect(failure).rejects.toThrow(
      /^PDF export needs a Chromium-based browser and BACKPROP_CHROMIUM points to \/nonexistent\/chromium, which is not an executable file; install /,
    );
  });

  it.skipIf(!chromium || !pdftoppm)(
    'renders the comparison to an A4 PDF whose first page is not blank',
    async () => {
      const pdf = await renderPdfWithChromium(comparisonHtml());
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      const dir = process.env.REPORT_PREVIEW_DIR ?? mkdtempSync(join(tmpdir(), 'report-pdf-'));
      writeFileSync(join(dir, 'comparison.pdf'), pdf);
      const run = spawnSync(
        'pdftoppm',
        ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', 'comparison.pdf', 'page1'],
        { cwd: dir },
      );
      expect(run.status, run.stderr.toString()).toBe(0);
      const page = readPngGray(readFileSync(join(dir, 'page1.png')));
      // A4 at 50 dpi is 8.27 × 11.69 in = 413 × 585 pixels.
      expect([Math.abs(page.width - 413) <= 2, Math.abs(page.height - 585) <= 2]).toEqual([
        true,
        true,
      ]);
      const inked = page.gray.filter((v) => v < 200).length / page.gray.length;
      expect(inked).toBeGreaterThan(0.02);
      expect(new Set(page.gray).size).toBeGreaterThan(16);
    },
  );

  it('decodes PNGs in the test reader the way they were encoded', () => {
    const pixels = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const back = readPngGray(Buffer.from(encodeGrayPng({ width: 4, height: 3, pixels })));
    expect([back.width, back.height, [...back.gray]]).toEqual([4, 3, [...pixels]]);
  });
});
