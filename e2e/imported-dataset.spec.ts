/**
 * An imported run whose dataset path is the sender's: Run detail says so and nothing reads it;
 * a path here that does not fit is refused in place with the owner's sentence, and one that fits
 * is taken.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, snap } from './fixtures';
import { go, importBundle, syntheticBundle } from './ui-helpers';
import { runConfigSchema } from '../src-shared/experiment/config';

test('an imported run is pointed at a CSV file on this machine', async ({ app, served }) => {
  const dir = mkdtempSync(join(tmpdir(), 'bpw-e2e-relink-'));
  try {
    const bundle = syntheticBundle(1);
    const entry = bundle.runs[0];
    entry.run.config = runConfigSchema.parse({
      name: entry.run.name,
      dataset: { kind: 'csv', path: '/home/sender/pixels.csv' },
      layers: [4, 3, 2],
      learningRate: 1,
      batchSize: 2,
      epochs: 2,
    });
    // Records of this 4-3-2 network (two outputs), as an import checks them against its layers.
    entry.epochs = entry.epochs.map((record) => ({
      ...record,
      meanOutput: [0.5, 0.5],
      predictedClassFraction: [0.5, 0.5],
    }));
    const [id] = await importBundle(served, bundle);
    await go(app, `/runs/${id}`);
    const notice = app.getByRole('region', { name: 'Dataset from another machine' });
    await expect(notice).toContainText('/home/sender/pixels.csv');
    await snap(app, 'imported-dataset-foreign');

    const narrow = join(dir, 'three-inputs.csv');
    writeFileSync(narrow, '0,1,0,1\n1,0,1,0\n');
    await notice.getByLabel('Path on this machine').fill(narrow);
    await notice.getByRole('button', { name: 'Use this path' }).click();
    await expect(notice.getByRole('alert')).toContainText('layers[0]: must be 3');

    const mine = join(dir, 'mine.csv');
    writeFileSync(mine, '0,1,0,0,1\n1,0,1,1,0\n0,1,1,0,0\n1,0,0,1,1\n');
    await notice.getByLabel('Path on this machine').fill(mine);
    await notice.getByRole('button', { name: 'Use this path' }).click();
    await expect(notice).toHaveCount(0);
    await expect(app.getByText(mine).first()).toBeVisible();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
