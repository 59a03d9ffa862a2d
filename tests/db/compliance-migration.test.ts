import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { migration0004 } from '../../electron/main/db/migrations/0004-compliance';

const scanRow = "INSERT INTO compliance_scans (call_id, engine_version, rule_packs_json, rule_set_hash, call_content_hash, hit_count, scanned_at) VALUES ('c1', 1, '[]', 'h', 'c', 1, 'now')";
const hitRow = (scanId: number | bigint, fp = 'f1', category = 'pci.pan', speaker = 'caller') =>
  `INSERT INTO compliance_hits (scan_id, call_id, fingerprint, rule_id, pack_id, category, severity, speaker, masked_text, detail)
   VALUES (${scanId}, 'c1', '${fp}', 'r', 'p', '${category}', 'critical', '${speaker}', '•••', 'd')`;

describe('0004-compliance', () => {
  it('is registered after 0003', () => {
    expect(MIGRATIONS[migration0004.version - 1]).toBe(migration0004);
    expect(migration0004.version).toBe(4);
  });

  it('migrates a v3 store with calls in it; scans and hits go with their call, reviews outlive it', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, migration0004.version - 1));
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('c1', 'x', 'h', 'now')").run();
    db.prepare("INSERT INTO turns (call_id, turn_index, caller_text) VALUES ('c1', 0, 'hi')").run();

    expect(migrate(db, MIGRATIONS.slice(0, migration0004.version))).toEqual({ from: migration0004.version - 1, to: migration0004.version });
    expect(db.prepare("SELECT caller_text FROM turns WHERE call_id = 'c1'").get()).toEqual({ caller_text: 'hi' });

    const scanId = db.prepare(scanRow).run().lastInsertRowid;
    db.prepare(hitRow(scanId)).run();
    db.prepare("INSERT INTO compliance_reviews (call_id, fingerprint, status, reason, decided_at) VALUES ('c1', 'f1', 'dismissed', 'test card', 'now')").run();

    expect(() => db.prepare(hitRow(scanId)).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(hitRow(scanId, 'f2', 'PAN')).run()).toThrow(/CHECK/);
    expect(() => db.prepare(hitRow(scanId, 'f3', 'pci.pan', 'robot')).run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO compliance_reviews (call_id, fingerprint, status, decided_at) VALUES ('c1', 'f9', 'dismissed', 'now')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO compliance_reviews (call_id, fingerprint, status, reason, decided_at) VALUES ('c1', 'f8', 'dismissed', '   ', 'now')").run()).toThrow(/CHECK/);

    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM compliance_scans').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM compliance_hits').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM compliance_reviews').get()).toEqual({ n: 1 });
  });
});
