/** Every migration in order. A new schema step is one new file plus one line here. */
import type { Migration } from './migration';
import { migration001 } from './001-initial';

export const migrations: readonly Migration[] = [migration001];
