import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { migration0001 } from '../../electron/main/db/migrations/0001-initial';
import { migration0002 } from '../../electron/main/db/migrations/0002-audio-analysis';

const v1 = (): Database.Database => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0001]);
  return db;
};

describe('0002-audio-analysis', () => {
  it('is the second migration', () => {
    expect(MIGRATIONS[1]).toBe(migration0002);
    expect(migration0002.version).toBe(2);
  });

  it('upgrades a v1 store with calls in it: old rows untouched, new tables empty and cascading', () => {
    const db = v1();
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('c1', 'x', 'h', 'now')").run();
    db.prepare(
      `INSERT INTO recordings (id, call_id, path, sha256, codec, sample_rate, channels, bits_per_sample, duration_ms, byte_size)
       VALUES ('r1', 'c1', '/a.wav', 's', 'pcm_s16le', 8000, 2, 16, 1000, 16044)`,
    ).run();
    db.prepare("INSERT INTO turns (call_id, turn_index, caller_text) VALUES ('c1', 0, 'hello')").run();
    expect(migrate(db, [migration0001, migration0002])).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 1 });
    for (const t of ['recording_audio', 'channel_audio', 'speech_segments', 'turn_audio']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    db.prepare(
      `INSERT INTO recording_audio (recording_id, analyzer_version, container, decode_complete, roles_source, roles_confidence,
         thresholds_id, thresholds_version, analyzed_at) VALUES ('r1', 1, 'wav', 1, 'detected', 0.8, 'turnscope-audio', 1, 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO channel_audio (recording_id, channel, rms_dbfs, peak_dbfs, dc_offset, clipping_ratio, clip_event_count, noise_dbfs,
         speech_ratio, envelope_frame_ms, level_envelope, speech_envelope) VALUES ('r1', 0, -20, -3, 0, 0, 0, -70, 0.4, 10, x'00', x'00')`,
    ).run();
    db.prepare("INSERT INTO speech_segments VALUES ('r1', 0, 100, 900)").run();
    db.prepare("INSERT INTO turn_audio (call_id, turn_index, response_gap_ms) VALUES ('c1', 0, 420)").run();
    // Checks hold.
    expect(() => db.prepare("UPDATE recording_audio SET roles_source = 'guess'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO speech_segments VALUES ('r1', 0, 2000, 1000)").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE channel_audio SET speech_ratio = 1.5').run()).toThrow(/CHECK/);
    // Deleting the call removes everything under it.
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    for (const t of ['recording_audio', 'channel_audio', 'speech_segments', 'turn_audio']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
  });
});
