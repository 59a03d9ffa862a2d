import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Migration } from './migrations/migration';

export class SchemaError extends Error {
  override name = 'SchemaError';
}

export const migrationHash = (m: Migration): string => createHash('sha256').update(m.sql).digest('hex');

/**
 * Brings the database up to the newest migration in `migrations`, each in its own transaction.
 * Refuses a database written by a newer Turnscope (its version is above ours) and a database whose applied
 * migration no longer matches the code (someone edited a landed migration), rather than guessing.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new SchemaError(`migration list out of order: position ${i + 1} holds version ${m.version}`);
  });
  const applied = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    sha256: string;
  }[];
  const latest = migrations.length;
  const current = applied.length === 0 ? 0 : applied[applied.length - 1]!.version;
  if (current > latest) {
    throw new SchemaError(
      `this database has schema version ${current}, newer than this Turnscope understands (${latest}); use a newer Turnscope`,
    );
  }
  for (const row of applied) {
    const m = migrations[row.version - 1];
    if (!m || migrationHash(m) !== row.sha256) {
      throw new SchemaError(`migration ${row.version} (${row.name}) differs from the one applied to this database`);
    }
  }
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, migrationHash(m), new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from: current, to: latest };
}
