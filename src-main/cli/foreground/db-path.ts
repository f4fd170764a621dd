/**
 * The database a CLI command opens, checked before SQLite sees it: SQLite's own words for a
 * folder, /dev/null or a read-only folder are "unable to open database file" and "disk I/O
 * error", and a read-only command must not leave an empty store behind a mistyped --db.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DB_FILE_NAME, resolveDbPath } from '../../core/paths';

/** `create`: the file may be made (train, sweep, import); `existing`: it must be there (resume). */
export type DbUse = 'create' | 'existing';

/** The resolved database path, or an Error saying what is wrong with it and what to give. */
export function checkedDbPath(explicit: string | undefined, use: DbUse): string {
  const path = resolveDbPath(explicit);
  const label = explicit ? `--db ${path}` : `The database ${path}`;
  if (existsSync(path)) {
    const stat = statSync(path);
    if (stat.isDirectory())
      throw new Error(
        `${label} is a folder: name a database file, e.g. ${join(path, DB_FILE_NAME)}`,
      );
    if (!stat.isFile())
      throw new Error(`${label} is not a regular file (a device or a pipe): name a database file`);
    requireWritable(path, `${label} is read-only`);
    // SQLite writes its -wal and -shm files beside the database.
    requireWritable(dirname(path), `${label} is in the read-only folder ${dirname(path)}`);
    return path;
  }
  if (use === 'existing')
    throw new Error(
      `No database at ${path}: the file does not exist (check --db; nothing was created)`,
    );
  const folder = nearestExisting(dirname(path));
  if (!statSync(folder).isDirectory())
    throw new Error(`${label} cannot be created: ${folder} is a file, not a folder`);
  requireWritable(folder, `${label} cannot be created: the folder ${folder} is read-only`);
  return path;
}

function requireWritable(path: string, message: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new Error(message);
  }
}

/** `folder` or its nearest ancestor that exists (the store creates the folders in between). */
function nearestExisting(folder: string): string {
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}
