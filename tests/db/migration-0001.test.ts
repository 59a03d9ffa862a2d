import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrationHash, SchemaError } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { migration0001 } from '../../electron/main/db/migrations/0001-initial';

const fresh = (): Database.Database => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
};

describe('migration runner', () => {
  it('applies every migration to an empty database and records each with its hash', () => {
    const db = fresh();
    expect(migrate(db, MIGRATIONS)).toEqual({ from: 0, to: MIGRATIONS.length });
    const rows = db.prepare('SELECT version, name, sha256 FROM schema_migrations').all() as { version: number; sha256: string }[];
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(rows[0]!.sha256).toBe(migrationHash(migration0001));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('is a no-op the second time', () => {
    const db = fresh();
    migrate(db, MIGRATIONS);
    expect(migrate(db, MIGRATIONS)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
  });

  it('refuses a database written by a newer Turnscope', () => {
    const db = fresh();
    migrate(db, MIGRATIONS);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(MIGRATIONS.length + 1, 'future', 'x', 'now');
    expect(() => migrate(db, MIGRATIONS)).toThrow(SchemaError);
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer than this Turnscope/);
  });

  it('refuses a landed migration whose SQL was edited', () => {
    const db = fresh();
    migrate(db, [migration0001]);
    const edited = [{ ...migration0001, sql: migration0001.sql + '\n-- edited' }];
    expect(() => migrate(db, edited)).toThrow(/differs from the one applied/);
  });

  it('rolls back a migration that fails half way', () => {
    const db = fresh();
    const broken = [migration0001, { version: 2, name: 'broken', sql: 'CREATE TABLE ok_table (x); CREATE TABLE calls (x);' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok_table'").get()).toBeUndefined();
    expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(1);
  });
});

describe('0001-initial', () => {
  it('creates the v1 schema: cascades, checks and the full-text index stay in step with turns', () => {
    const db = fresh();
    migrate(db, [migration0001]);
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('c1', 'x', 'h', 'now')").run();
    const turnId = db
      .prepare("INSERT INTO turns (call_id, turn_index, caller_text, agent_text) VALUES ('c1', 0, 'cancel my subscription', 'sure')")
      .run().lastInsertRowid;
    db.prepare("INSERT INTO words (turn_id, speaker, word_index, text, confidence) VALUES (?, 'caller', 0, 'cancel', 0.9)").run(turnId);
    const hit = db.prepare("SELECT rowid FROM turns_fts WHERE turns_fts MATCH 'subscription'").all();
    expect(hit).toEqual([{ rowid: Number(turnId) }]);
    db.prepare("UPDATE turns SET caller_text = 'counsel my description' WHERE id = ?").run(turnId);
    expect(db.prepare("SELECT rowid FROM turns_fts WHERE turns_fts MATCH 'subscription'").all()).toEqual([]);
    expect(() => db.prepare("INSERT INTO words (turn_id, speaker, word_index, text, confidence) VALUES (?, 'caller', 1, 'x', 1.5)").run(turnId)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at, outcome) VALUES ('c2','x','h','now','great')").run()).toThrow(/CHECK/);
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM words').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT rowid FROM turns_fts WHERE turns_fts MATCH 'counsel'").all()).toEqual([]);
  });
});
