import type { Migration } from './migration';

/**
 * Schema v4: compliance scans, their hits and reviewers' decisions.
 *
 * - compliance_scans: one row per scan of a call, with the rule packs (id, version, hash) and the
 *   effective rule-set hash it ran under, so a result can be reproduced. Only a call's latest scan is kept
 *   (a re-scan replaces the previous one and its hits); it cascades with the call.
 * - compliance_hits: what the scan found. Holds the masked text and where the match is (turn, time span,
 *   character and word ranges, trace paths), never the matched secret itself. Copies of a finding in
 *   another field (recognizer words, reference transcript) are rows too, with duplicate_of set, so the
 *   redacted view removes every copy; lists leave them out.
 * - compliance_reviews: a reviewer's decision per finding, keyed by the hit's fingerprint (rule, speaker,
 *   turn, fields and matched value), not by hit id, so it survives re-scans. No foreign key to calls on
 *   purpose: a re-import of a changed call deletes and re-inserts the call row, and the decisions must
 *   outlive that. Dismissing requires a reason.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'compliance',
  sql: `
CREATE TABLE compliance_scans (
  id                INTEGER PRIMARY KEY,
  call_id           TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  engine_version    INTEGER NOT NULL,
  rule_packs_json   TEXT NOT NULL,
  rule_set_hash     TEXT NOT NULL,
  call_content_hash TEXT NOT NULL,
  hit_count         INTEGER NOT NULL CHECK (hit_count >= 0),
  scanned_at        TEXT NOT NULL
);
CREATE INDEX compliance_scans_call ON compliance_scans(call_id, id);

CREATE TABLE compliance_hits (
  id             INTEGER PRIMARY KEY,
  scan_id        INTEGER NOT NULL REFERENCES compliance_scans(id) ON DELETE CASCADE,
  call_id        TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  fingerprint    TEXT NOT NULL,
  duplicate_of   TEXT,
  rule_id        TEXT NOT NULL,
  pack_id        TEXT NOT NULL,
  category       TEXT NOT NULL CHECK (category GLOB '[a-z]*.[a-z_]*'),
  severity       TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  speaker        TEXT NOT NULL CHECK (speaker IN ('caller','agent','trace','call')),
  turn_index     INTEGER,
  start_ms       REAL,
  end_ms         REAL,
  masked_text    TEXT NOT NULL,
  detail         TEXT NOT NULL,
  locations_json TEXT NOT NULL DEFAULT '[]',
  evidence_json  TEXT NOT NULL DEFAULT '{}',
  UNIQUE (scan_id, fingerprint)
);
CREATE INDEX compliance_hits_call ON compliance_hits(call_id, start_ms);
CREATE INDEX compliance_hits_category ON compliance_hits(category, severity);

CREATE TABLE compliance_reviews (
  call_id      TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('open','confirmed','dismissed')),
  reason       TEXT,
  reviewer     TEXT,
  decided_at   TEXT NOT NULL,
  CHECK (status <> 'dismissed' OR length(trim(COALESCE(reason, ''))) > 0),
  PRIMARY KEY (call_id, fingerprint)
) WITHOUT ROWID;
`,
};
