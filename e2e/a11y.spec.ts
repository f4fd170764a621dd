/**
 * Accessibility (issue 18): axe-core on every view in both themes finds no serious or critical
 * violation; dialogs move, trap and restore focus; single-key shortcuts can be turned off.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, snap, type Served } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary, TrackedRun } from '../src-shared/contract/types';

/** A run trained here and a run logged through the logging API, both finished, and a deleted
 * run for the trash. */
async function someRuns(served: Served): Promise<{ trained: number; logged: number }> {
  const trained = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('fixed-init', { name: 'trained here' }),
  ]);
  const key = randomUUID();
  const { id: logged } = await apiCall<TrackedRun>(served, 'tracking.createRun', [
    { run: key, name: 'logged elsewhere', config: { lr: 0.01 } },
  ]);
  const points = [0, 10, 20].map((step) => ({
    step,
    time: 1_700_000_000 + step,
    values: { loss: 1 / (step + 1) },
  }));
  await apiCall(served, 'tracking.log', [{ run: key, points }]);
  await apiCall(served, 'tracking.finish', [{ run: key }]);
  const deleted = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('xor', { name: 'in the trash', epochs: 5 }),
  ]);
  await waitForRuns(served, [trained.id, deleted.id]);
  await apiCall(served, 'runs.remove', [[deleted.id]]);
  return { trained: trained.id, logged };
}

interface View {
  name: string;
  hash: string;
  /** Waits until the view shows what it is checked with; may also act on it. */
  ready: (page: Page) => Promise<void>;
}

const heading = (name: string | RegExp) => async (page: Page) =>
  expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

function views(ids: { trained: number; logged: number }): View[] {
  return [
    { name: 'runs', hash: '/runs', ready: heading('Runs') },
    {
      name: 'runs-tag-dialog',
      hash: '/runs',
      ready: async (page) => {
        await page.getByLabel(`Select run ${ids.trained}`, { exact: true }).check();
        await page.locator('[data-action="tag"]').click();
        await expect(page.getByRole('dialog', { name: 'Tag the selected runs' })).toBeVisible();
      },
    },
    {
      name: 'trash',
      hash: '/trash',
      ready: async (page) => {
        await heading('Trash')(page);
        await expect(page.getByText('in the trash')).toBeVisible();
      },
    },
    {
      name: 'run-trained',
      hash: `/runs/${ids.trained}`,
      ready: async (page) => {
        await heading('trained here')(page);
        await expect(page.locator('[data-chart="cost"] canvas')).toBeVisible();
      },
    },
    { name: 'run-logged', hash: `/runs/${ids.logged}`, ready: heading('logged elsewhere') },
    {
      name: 'compare',
      hash: `/compare?ids=${ids.trained},${ids.logged}`,
      ready: async (page) =>
        expect(page.getByRole('list', { name: 'Legend' }).first()).toBeVisible(),
    },
    { name: 'new', hash: '/new', ready: heading('New experiment') },
    {
      name: 'new-sweep',
      hash: '/new',
      ready: async (page) => {
        await page.getByRole('button', { name: '+ Vary a field' }).click();
        await page.getByLabel('Values, row 1').fill('0.1, 0.5, 3');
        await expect(page.getByTestId('sweep-count')).toContainText('3 runs');
      },
    },
    { name: 'queue', hash: '/queue', ready: heading('Queue') },
    { name: 'reports', hash: '/reports', ready: heading('Reports') },
    { name: 'settings', hash: '/settings', ready: heading('Settings') },
    {
      name: 'not-found',
      hash: '/no/such/page',
      ready: async (page) =>
        expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible(),
    },
    {
      name: 'shortcuts-dialog',
      hash: '/runs',
      ready: async (page) => {
        await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
        await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      },
    },
  ];
}

/** Leaves focus on the page's body, where shortcut keys are the app's. */
const blur = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** Resolves after the page has rendered twice: whatever a key press changed is on screen. */
const afterRender = (page: Page) =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );

/** One line per violation and one indented line per element it names. */
function describe(
  where: string,
  violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations'],
): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id}: ${v.help}\n` +
        v.nodes
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`)
          .join('\n'),
    );
}

test('axe finds no serious or critical violation on any view, light and dark', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  const ids = await someRuns(served);
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: theme });
    for (const view of views(ids)) {
      await go(app, '/settings'); // leaves the view, so each visit starts it afresh
      await go(app, view.hash);
      await view.ready(app);
      const result = await new AxeBuilder({ page: app }).analyze();
      found.push(...describe(`${view.name} (${theme})`, result.violations));
      await snap(app, `a11y-${view.name}-${theme}`);
      await app.keyboard.press('Escape');
    }
  }
  expect(found.join('\n'), 'serious or critical axe violations').toBe('');
});

test('a dialog takes focus, keeps Tab inside, closes on Escape and gives focus back', async ({
  app,
}) => {
  const opener = app.getByRole('button', { name: /Keyboard shortcuts/ });
  await opener.click();
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  const inDialog = () => app.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
  await expect.poll(inDialog).toBe(true);
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await app.keyboard.press(key);
    expect(await inDialog(), `focus after ${key}`).toBe(true);
  }
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // A narrow window: the card still fits.
  await app.setViewportSize({ width: 560, height: 700 });
  await opener.click();
  await snap(app, 'a11y-shortcuts-dialog-narrow');
  await app.keyboard.press('Escape');

  // A click outside the card closes it too, and focus goes back the same way.
  await opener.click();
  await expect(dialog).toBeVisible();
  await app.mouse.click(5, 5);
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('the confirm dialog focuses its action, Escape cancels, focus returns to Delete', async ({
  app,
  served,
}) => {
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('xor', { name: 'keep me', epochs: 5 }),
  ]);
  await waitForRuns(served, [run.id]);
  await go(app, '/runs');
  await app.getByLabel(`Select run ${run.id}`, { exact: true }).check();
  const remove = app.locator('[data-action="delete"]');
  await remove.click();
  const dialog = app.getByRole('dialog', { name: 'Delete 1 run?' });
  await expect(dialog.getByRole('button', { name: 'Delete' })).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Delete' })).toBeFocused();
  await snap(app, 'a11y-confirm-dialog');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  expect((await apiCall<RunSummary>(served, 'runs.get', [run.id])).name).toBe('keep me');
});

test('single-key shortcuts can be turned off in Settings, and back on', async ({ app, served }) => {
  const help = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await go(app, '/settings');
  const toggle = app.getByLabel(/single-key shortcuts/);
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect
    .poll(
      async () =>
        (await apiCall<{ singleKeyShortcuts: boolean }>(served, 'settings.get', []))
          .singleKeyShortcuts,
    )
    .toBe(false);
  // The list opens from its button and says the keys are off: the page has the new setting.
  await app.getByRole('button', { name: /Keyboard shortcuts/ }).click();
  await expect(help).toContainText('Single-key shortcuts are turned off');
  await snap(app, 'a11y-shortcuts-off');
  await app.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await blur(app);
  await app.keyboard.press('g');
  await app.keyboard.press('r');
  await app.keyboard.press('?');
  await afterRender(app);
  await expect(help).toBeHidden();
  await expect(app).toHaveURL(/#\/settings$/);

  // The setting is stored: it holds after a reload, and turning it on brings the keys back.
  await app.reload();
  await expect(app.getByLabel(/single-key shortcuts/)).not.toBeChecked();
  await app.getByLabel(/single-key shortcuts/).check();
  // The page has the new setting once its list no longer says the keys are off.
  await app.getByRole('button', { name: /Keyboard shortcuts/ }).click();
  await expect(help).toBeVisible();
  await expect(help).not.toContainText('turned off');
  await app.keyboard.press('Escape');
  await blur(app);
  await app.keyboard.press('g');
  await app.keyboard.press('r');
  await expect(app).toHaveURL(/#\/runs$/);
  await app.keyboard.press('?');
  await expect(help).toBeVisible();
});
