import type { Migration } from './migration';

/**
 * Analysis results, stored so lists, dashboards and exports read them without recomputing: per turn (WER
 * with the normalization it was computed under, confidence, hallucination runs) and per call (metrics with
 * the thresholds they were judged by). A settings table keeps user overrides such as thresholds.
 * References can be corrected after import, so turns record where their reference came from.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'analysis',
  sql: `
CREATE TABLE turn_analysis (
  call_id            TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  turn_index         INTEGER NOT NULL,
  wer                REAL,
  ref_words          INTEGER,
  hits               INTEGER,
  substitutions      INTEGER,
  deletions          INTEGER,
  insertions         INTEGER,
  normalization_id   TEXT,
  normalization_hash TEXT,
  confidence_mean    REAL,
  confidence_min     REAL,
  hallucination_runs INTEGER NOT NULL DEFAULT 0,
  end_to_end_band    TEXT,
  result_json        TEXT NOT NULL,
  PRIMARY KEY (call_id, turn_index)
);

CREATE TABLE call_analysis (
  call_id             TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
  thresholds_id       TEXT NOT NULL,
  thresholds_version  INTEGER NOT NULL,
  thresholds_hash     TEXT NOT NULL,
  normalization_id    TEXT NOT NULL,
  normalization_hash  TEXT NOT NULL,
  wer                 REAL,
  low_confidence_rate REAL,
  fallback_rate       REAL,
  p90_latency_ms      REAL,
  p95_latency_ms      REAL,
  hallucination_runs  INTEGER NOT NULL DEFAULT 0,
  metrics_json        TEXT NOT NULL,
  analyzed_at         TEXT NOT NULL
);
CREATE INDEX call_analysis_wer ON call_analysis(wer);
CREATE INDEX call_analysis_p95 ON call_analysis(p95_latency_ms);

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

ALTER TABLE turns ADD COLUMN reference_source TEXT;
UPDATE turns SET reference_source = 'call-file' WHERE reference_text IS NOT NULL;
`,
};
