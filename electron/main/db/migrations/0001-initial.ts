import type { Migration } from './migration';

/**
 * Schema v1: calls → turns → words, recordings with their peaks, raw spans, flags, and a full-text index
 * over turn text. Times are milliseconds on the recording's timeline (REAL, so sub-millisecond word times
 * survive). Child rows cascade with their call so a re-import replaces a call in one transaction.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE calls (
  id               TEXT PRIMARY KEY,
  external_id      TEXT,
  source_format    TEXT NOT NULL,
  source_path      TEXT,
  content_hash     TEXT NOT NULL,
  agent_name       TEXT,
  agent_version    TEXT,
  started_at       TEXT,
  duration_ms      REAL,
  outcome          TEXT NOT NULL DEFAULT 'unknown'
                   CHECK (outcome IN ('resolved','escalated','abandoned','failed','unknown')),
  ended_reason     TEXT,
  metadata_json    TEXT NOT NULL DEFAULT '{}',
  import_notes_json TEXT NOT NULL DEFAULT '[]',
  imported_at      TEXT NOT NULL
);
CREATE INDEX calls_started_at ON calls(started_at);
CREATE INDEX calls_imported_at ON calls(imported_at);

CREATE TABLE recordings (
  id               TEXT PRIMARY KEY,
  call_id          TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  path             TEXT NOT NULL,
  sha256           TEXT NOT NULL,
  codec            TEXT NOT NULL,
  sample_rate      INTEGER NOT NULL CHECK (sample_rate > 0),
  channels         INTEGER NOT NULL CHECK (channels > 0),
  bits_per_sample  INTEGER NOT NULL,
  duration_ms      REAL NOT NULL CHECK (duration_ms >= 0),
  byte_size        INTEGER NOT NULL,
  caller_channel   INTEGER,
  agent_channel    INTEGER
);
CREATE INDEX recordings_call ON recordings(call_id);

CREATE TABLE peaks (
  recording_id     TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  channel          INTEGER NOT NULL,
  samples_per_peak INTEGER NOT NULL CHECK (samples_per_peak > 0),
  peak_count       INTEGER NOT NULL,
  data             BLOB NOT NULL,
  PRIMARY KEY (recording_id, channel, samples_per_peak)
);

CREATE TABLE turns (
  id                    INTEGER PRIMARY KEY,
  call_id               TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  turn_index            INTEGER NOT NULL,
  caller_start_ms       REAL,
  caller_end_ms         REAL,
  caller_text           TEXT,
  agent_start_ms        REAL,
  agent_end_ms          REAL,
  agent_text            TEXT,
  reference_text        TEXT,
  intent                TEXT,
  intent_confidence     REAL,
  expected_intent       TEXT,
  stt_ms                REAL,
  llm_ms                REAL,
  tts_ms                REAL,
  overhead_ms           REAL,
  end_to_end_ms         REAL,
  time_to_first_word_ms REAL,
  UNIQUE (call_id, turn_index)
);

CREATE TABLE words (
  id          INTEGER PRIMARY KEY,
  turn_id     INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  speaker     TEXT NOT NULL CHECK (speaker IN ('caller','agent')),
  word_index  INTEGER NOT NULL,
  text        TEXT NOT NULL,
  start_ms    REAL,
  end_ms      REAL,
  confidence  REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  UNIQUE (turn_id, speaker, word_index)
);

CREATE TABLE spans (
  id              INTEGER PRIMARY KEY,
  call_id         TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  turn_index      INTEGER,
  span_id         TEXT,
  parent_span_id  TEXT,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('stt','llm','tts','tool','turn','other')),
  start_ms        REAL,
  end_ms          REAL,
  attributes_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX spans_call ON spans(call_id, turn_index);

CREATE TABLE tool_calls (
  id             INTEGER PRIMARY KEY,
  turn_id        INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  tool_call_id   TEXT,
  name           TEXT NOT NULL,
  arguments_json TEXT,
  result_json    TEXT,
  start_ms       REAL,
  end_ms         REAL
);

CREATE TABLE flags (
  id            INTEGER PRIMARY KEY,
  call_id       TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  turn_index    INTEGER,
  kind          TEXT NOT NULL,
  severity      TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  start_ms      REAL,
  end_ms        REAL,
  detail        TEXT NOT NULL,
  evidence_json TEXT NOT NULL DEFAULT '{}',
  source        TEXT NOT NULL CHECK (source IN ('import','analysis')),
  created_at    TEXT NOT NULL
);
CREATE INDEX flags_call ON flags(call_id, turn_index);
CREATE INDEX flags_kind ON flags(kind);

-- Full-text search over what was said, kept in step with turns by triggers.
CREATE VIRTUAL TABLE turns_fts USING fts5(
  caller_text, agent_text, content='turns', content_rowid='id', tokenize='unicode61'
);
CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
  INSERT INTO turns_fts(rowid, caller_text, agent_text) VALUES (new.id, new.caller_text, new.agent_text);
END;
CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, caller_text, agent_text) VALUES ('delete', old.id, old.caller_text, old.agent_text);
END;
CREATE TRIGGER turns_fts_update AFTER UPDATE OF caller_text, agent_text ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, caller_text, agent_text) VALUES ('delete', old.id, old.caller_text, old.agent_text);
  INSERT INTO turns_fts(rowid, caller_text, agent_text) VALUES (new.id, new.caller_text, new.agent_text);
END;
`,
};
