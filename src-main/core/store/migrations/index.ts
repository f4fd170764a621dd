/** Every migration in order. A new schema step is one new file plus one line here. */
import type { Migration } from './migration';
import { migration001 } from './001-initial';
import { migration002 } from './002-remote-runs';
import { migration003 } from './003-imported-runs';
import { migration004 } from './004-logged-runs';
import { migration005 } from './005-run-files';

export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
];
