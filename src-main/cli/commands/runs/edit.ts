/**
 * The user's notebook from the command line: `runs tag ID... --add T --remove T` and
 * `runs rename ID NAME`. The owner checks the new values as it checks the app's (runs.update);
 * every run is checked before any changes.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { contractSchemas, runNameProblem } from '../../../../src-shared/contract/schemas';
import { parseOrThrow } from '../../../../src-shared/base/validation';
import { printable } from '../../../../src-shared/base/printable';
import type { RunPatch } from '../../../../src-shared/contract/types';
import { parsePositiveInt } from '../../options';
import { DB_HELP, idsArgument, liveRuns, runLabel, withRunServices } from './run-session';

interface TagOptions {
  add?: string[];
  remove?: string[];
  db?: string;
}

export function registerEdit(runs: Command): void {
  idsArgument(runs.command('tag').description("add tags to runs or remove them from runs' tags"))
    .option('--add <tag>', 'add this tag (repeatable)', collectTag)
    .option('--remove <tag>', 'remove this tag (repeatable)', collectTag)
    .option('--db <path>', DB_HELP)
    .action(tag);
  runs
    .command('rename')
    .description('give a run a new name')
    .argument('<id>', 'run id', (v: string) => parsePositiveInt(v))
    .argument('<name>', 'the new name')
    .option('--db <path>', DB_HELP)
    .action(rename);
}

function collectTag(value: string, previous: string[] = []): string[] {
  const tag = value.trim();
  if (!tag) throw new InvalidArgumentError('a tag must not be empty');
  return previous.includes(tag) ? previous : [...previous, tag];
}

/** Checks a patch as the owner will, so that no run changes when another's patch is refused. */
function checkedPatch(id: number, patch: RunPatch): RunPatch {
  parseOrThrow(contractSchemas['runs.update'], [id, patch], 'runs.update');
  return patch;
}

async function tag(ids: number[], options: TagOptions, command: Command): Promise<void> {
  const add = options.add ?? [];
  const remove = options.remove ?? [];
  if (add.length === 0 && remove.length === 0)
    command.error('error: say what to change: --add TAG and/or --remove TAG');
  const both = add.find((t) => remove.includes(t));
  if (both !== undefined)
    command.error(`error: tag "${both}" is both added and removed; keep one of the two`);
  const updated = await withRunServices(options.db, 'tag', async (services) => {
    const runs = await liveRuns(services, ids);
    const patches = runs.map((run) => {
      const tags = [
        ...run.tags.filter((t) => !remove.includes(t)),
        ...add.filter((t) => !run.tags.includes(t)),
      ];
      return checkedPatch(run.id, { tags });
    });
    const updated = [];
    for (const [i, run] of runs.entries())
      updated.push(await services.runs.update(run.id, patches[i]));
    return updated;
  });
  for (const run of updated) {
    const tags = run.tags.map((t) => printable(t, { lines: false })).join(', ');
    process.stdout.write(`${runLabel(run)}: ${tags ? `tags ${tags}` : 'no tags'}\n`);
  }
}

async function rename(
  id: number,
  name: string,
  options: { db?: string },
  command: Command,
): Promise<void> {
  const problem = runNameProblem(name);
  if (problem) command.error(`error: ${problem}`);
  const [before, after] = await withRunServices(options.db, 'rename', async (services) => {
    const [run] = await liveRuns(services, [id]);
    return [run, await services.runs.update(id, checkedPatch(id, { name }))];
  });
  process.stdout.write(
    `Renamed ${runLabel(before)} to "${printable(after.name, { lines: false })}".\n`,
  );
}
