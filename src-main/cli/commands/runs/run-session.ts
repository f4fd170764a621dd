/**
 * What the run verbs that change runs share: the store's session (its owner, or this command as
 * the owner for the moment), the run ids checked all at once before anything changes, and how a
 * run is named in what they print.
 */
import type { Command } from 'commander';
import type { Services } from '../../../../src-shared/contract/services';
import type { RunSummary } from '../../../../src-shared/contract/types';
import { printable } from '../../../../src-shared/base/printable';
import { openCliSession } from '../../foreground/foreground';
import { collectRunIds } from '../../options';

export const DB_HELP = 'SQLite database file (default: BACKPROP_DB or the user data folder)';

/** `<ids...>` as the run verbs take them. */
export function idsArgument(command: Command): Command {
  return command.argument('<ids...>', 'run ids (see `backprop runs`)', collectRunIds, []);
}

/** Runs `work` on the store's services through its owner, then closes the session. */
export async function withRunServices<T>(
  db: string | undefined,
  verb: string,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  const session = await openCliSession({ db, command: `backprop runs ${verb}`, use: 'existing' });
  try {
    return await work(session.services);
  } finally {
    await session.close();
  }
}

/** The runs in the trash, by id. */
export async function trashById(services: Services): Promise<Map<number, RunSummary>> {
  const trash = await services.runs.list({ deleted: true });
  return new Map(trash.map((run) => [run.id, run]));
}

/** The live runs `ids`, every one checked before the caller changes any: a run in the trash or
 * an unknown id is refused by name (`inTrash` says what of a run in the trash). */
export async function liveRuns(
  services: Services,
  ids: number[],
  inTrash = (id: number) =>
    `Run ${id} is in the trash; restore it first with \`backprop runs restore ${id}\``,
): Promise<RunSummary[]> {
  const trash = await trashById(services);
  const trashed = ids.find((id) => trash.has(id));
  if (trashed !== undefined) throw new Error(inTrash(trashed));
  return Promise.all(ids.map((id) => services.runs.get(id)));
}

/** The runs `ids` of the trash, every one checked first: a live run or an unknown id is refused
 * by name. */
export async function trashedRuns(services: Services, ids: number[]): Promise<RunSummary[]> {
  const trash = await trashById(services);
  for (const id of ids) {
    if (trash.has(id)) continue;
    await services.runs.get(id); // throws "Run N does not exist" when it is not live either
    throw new Error(`Run ${id} is not in the trash`);
  }
  return ids.map((id) => trash.get(id)!);
}

/** `run 3 ("name")`: the name as text, never as terminal commands. */
export function runLabel(run: Pick<RunSummary, 'id' | 'name'>): string {
  return `run ${run.id} ("${printable(run.name, { lines: false })}")`;
}
