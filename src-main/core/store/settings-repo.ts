/** Key/value settings, each value JSON. Defaults live with the code that reads them. */
import type Database from 'better-sqlite3';

export function createSettingsRepo(db: Database.Database) {
  const selectAll = db.prepare('SELECT key, value FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  return {
    all(): Record<string, unknown> {
      const rows = selectAll.all() as { key: string; value: string }[];
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    },

    set(values: Record<string, unknown>): void {
      db.transaction(() => {
        for (const [key, value] of Object.entries(values)) {
          if (value !== undefined) upsert.run(key, JSON.stringify(value));
        }
      })();
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
