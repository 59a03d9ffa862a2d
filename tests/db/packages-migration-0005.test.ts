import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { migration0005 } from '../../electron/main/db/migrations/0005-packages';

describe('0005-packages', () => {
  it('migrates a v4 store with calls and compliance data in it, which stay as they were', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, migration0005.version - 1));
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('c1', 'x', 'h', 'now')").run();
    db.prepare("INSERT INTO compliance_reviews (call_id, fingerprint, status, decided_at) VALUES ('c1', 'f', 'confirmed', 'now')").run();

    expect(migrate(db, MIGRATIONS.slice(0, migration0005.version))).toEqual({ from: 4, to: 5 });
    expect(db.prepare('SELECT id FROM calls').all()).toEqual([{ id: 'c1' }]);
    expect(db.prepare('SELECT status FROM compliance_reviews').all()).toEqual([{ status: 'confirmed' }]);

    const insert = db.prepare(
      `INSERT INTO packages (id, manifest_sha256, title, source_call_id, turns_json, redacted, assertion_count, path, created_at)
       VALUES (?, 'm', 't', 'c1', '[1]', ?, 3, '/p.zip', 'now')`,
    );
    insert.run('pkg-1', 0);
    expect(() => insert.run('pkg-2', 2)).toThrow(/CHECK constraint/);
    // No foreign key to calls: a package outlives the call it came from.
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM packages').get()).toEqual({ n: 1 });
    db.prepare(
      `INSERT INTO package_verifications (package_id, manifest_sha256, trace_path, call_id, passed, failed, skipped, verified_at, report_json)
       VALUES ('pkg-elsewhere', 'm', '/t.json', NULL, 1, 0, 0, 'now', '{}')`,
    ).run();
    expect(() =>
      db.prepare(
        `INSERT INTO package_verifications (package_id, manifest_sha256, trace_path, passed, failed, skipped, verified_at, report_json)
         VALUES ('p', 'm', '/t', -1, 0, 0, 'now', '{}')`,
      ).run(),
    ).toThrow(/CHECK constraint/);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
  });
});
