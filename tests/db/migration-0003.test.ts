import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { migration0003 } from '../../electron/main/db/migrations/0003-analysis';

describe('0003-analysis', () => {
  it('migrates a v2 store with calls in it: turns keep their data, call-file references are marked as such', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = MIGRATIONS.slice(0, migration0003.version - 1);
    migrate(db, before);
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('c1', 'x', 'h', 'now')").run();
    db.prepare("INSERT INTO turns (call_id, turn_index, caller_text, reference_text) VALUES ('c1', 0, 'hi there', 'hi there')").run();
    db.prepare("INSERT INTO turns (call_id, turn_index, caller_text) VALUES ('c1', 1, 'no reference')").run();

    expect(migrate(db, MIGRATIONS.slice(0, migration0003.version))).toEqual({ from: migration0003.version - 1, to: migration0003.version });

    const turns = db.prepare('SELECT turn_index, caller_text, reference_text, reference_source FROM turns ORDER BY turn_index').all();
    expect(turns).toEqual([
      { turn_index: 0, caller_text: 'hi there', reference_text: 'hi there', reference_source: 'call-file' },
      { turn_index: 1, caller_text: 'no reference', reference_text: null, reference_source: null },
    ]);
    db.prepare(
      `INSERT INTO call_analysis (call_id, thresholds_id, thresholds_version, thresholds_hash, normalization_id, normalization_hash,
         metrics_json, analyzed_at) VALUES ('c1', 't', 1, 'h', 'n', 'nh', '{}', 'now')`,
    ).run();
    db.prepare("INSERT INTO turn_analysis (call_id, turn_index, result_json) VALUES ('c1', 0, '{}')").run();
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('k', '1', 'now')").run();
    // Analysis goes with its call.
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM call_analysis').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM turn_analysis').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 1 });
  });
});
