import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { migration0006 } from '../../electron/main/db/migrations/0006-decode-gaps';

describe('0006-decode-gaps', () => {
  it('migrates a v5 store with an analysed recording: it keeps its analysis and has no lost stretches', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, migration0006.version - 1));
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('c1', 'x', 'h', 'now')").run();
    db.prepare(
      `INSERT INTO recordings (id, call_id, path, sha256, codec, sample_rate, channels, bits_per_sample, duration_ms, byte_size)
       VALUES ('r1', 'c1', '/a.opus', 's', 'opus', 48000, 2, 0, 1000, 5000)`,
    ).run();
    db.prepare(
      `INSERT INTO recording_audio (recording_id, analyzer_version, container, decode_complete, decode_problems_json, roles_source, thresholds_id,
         thresholds_version, analyzed_at) VALUES ('r1', 3, 'ogg-opus', 0, '["damaged"]', 'trace', 't', 1, 'now')`,
    ).run();

    expect(migrate(db, MIGRATIONS.slice(0, migration0006.version))).toEqual({ from: 5, to: 6 });
    expect(db.prepare('SELECT decode_complete, decode_problems_json, decode_gaps_json FROM recording_audio').all()).toEqual([
      { decode_complete: 0, decode_problems_json: '["damaged"]', decode_gaps_json: '[]' },
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
  });
});
