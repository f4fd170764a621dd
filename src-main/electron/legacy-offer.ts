/**
 * The desktop app's offer of old stores (core/legacy-store): one dialog per store found, before
 * the window opens, so the imported runs are there when the run list first loads. "Not now" asks
 * again at the next start; nothing is ever dropped without the user's word.
 */
import { dialog } from 'electron';
import { importLegacyStore, legacyStoresToOffer, writeImportNote } from '../core/legacy-store';
import type { Store } from '../core/store/store';

const IMPORT = 0;
const KEEP_APART = 2;

export async function offerLegacyStores(
  store: Store,
  candidates: string[],
  nativeBinding?: string,
): Promise<void> {
  for (const old of legacyStoresToOffer(store.path, candidates)) {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Import its runs', 'Not now', 'Keep it apart'],
      defaultId: IMPORT,
      cancelId: 1,
      message: 'Runs of an earlier version are in another store',
      detail: `${old}\n\nThis version keeps its runs in ${store.path} (shared with the backprop command and backprop serve). Import copies every run of the old store here; the old file stays as it is.`,
    });
    if (response === KEEP_APART)
      writeImportNote(old, {
        decision: 'kept-apart',
        into: store.path,
        at: new Date().toISOString(),
      });
    if (response !== IMPORT) continue;
    try {
      const ids = importLegacyStore(store, old, { nativeBinding });
      await dialog.showMessageBox({ message: `Imported ${ids.length} runs from ${old}.` });
    } catch (error) {
      dialog.showErrorBox('The old store could not be imported', (error as Error).message);
    }
  }
}
