import type { Migration } from './migration';

/**
 * Schema v2: what the audio forensics layer measures. Per recording: how it decoded, whose channel is
 * whose and how that was decided, echo between channels. Per channel: level, DC, clipping, noise, SNR,
 * speech share, the detected leak into it, and two 10 ms level envelopes (full band and speech band, int16
 * centi-dBFS) so turn-level findings can be recomputed without decoding again. Speech segments per
 * channel (raw detector output). Per turn: speech times measured from the audio, the response gap, how it
 * compares with the trace, and per-role quality over the turn. All of it cascades with its recording or call.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'audio-analysis',
  sql: `
CREATE TABLE recording_audio (
  recording_id         TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  analyzer_version     INTEGER NOT NULL,
  container            TEXT NOT NULL,
  decode_complete      INTEGER NOT NULL CHECK (decode_complete IN (0, 1)),
  decode_problems_json TEXT NOT NULL DEFAULT '[]',
  roles_source         TEXT NOT NULL CHECK (roles_source IN ('trace', 'detected', 'user', 'none')),
  roles_confidence     REAL CHECK (roles_confidence IS NULL OR (roles_confidence >= 0 AND roles_confidence <= 1)),
  echo_json            TEXT NOT NULL DEFAULT '[]',
  thresholds_id        TEXT NOT NULL,
  thresholds_version   INTEGER NOT NULL,
  analyzed_at          TEXT NOT NULL
);

CREATE TABLE channel_audio (
  recording_id       TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  channel            INTEGER NOT NULL CHECK (channel >= 0),
  rms_dbfs           REAL NOT NULL,
  peak_dbfs          REAL NOT NULL,
  dc_offset          REAL NOT NULL,
  clipping_ratio     REAL NOT NULL CHECK (clipping_ratio >= 0 AND clipping_ratio <= 1),
  clip_event_count   INTEGER NOT NULL CHECK (clip_event_count >= 0),
  clip_events_json   TEXT NOT NULL DEFAULT '[]',
  noise_dbfs         REAL NOT NULL,
  speech_dbfs        REAL,
  snr_db             REAL,
  speech_ratio       REAL NOT NULL CHECK (speech_ratio >= 0 AND speech_ratio <= 1),
  echo_from_channel  INTEGER,
  echo_delay_ms      REAL,
  echo_level_db      REAL,
  envelope_frame_ms  INTEGER NOT NULL CHECK (envelope_frame_ms > 0),
  level_envelope     BLOB NOT NULL,
  speech_envelope    BLOB NOT NULL,
  PRIMARY KEY (recording_id, channel)
);

CREATE TABLE speech_segments (
  recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  channel       INTEGER NOT NULL CHECK (channel >= 0),
  start_ms      REAL NOT NULL,
  end_ms        REAL NOT NULL,
  CHECK (end_ms >= start_ms),
  PRIMARY KEY (recording_id, channel, start_ms)
) WITHOUT ROWID;

CREATE TABLE turn_audio (
  call_id                 TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  turn_index              INTEGER NOT NULL,
  caller_speech_start_ms  REAL,
  caller_speech_end_ms    REAL,
  agent_speech_start_ms   REAL,
  agent_speech_end_ms     REAL,
  response_gap_ms         REAL,
  gap_vs_end_to_end_ms    REAL,
  gap_vs_ttfw_ms          REAL,
  caller_rms_dbfs         REAL,
  caller_snr_db           REAL,
  caller_clipping_ratio   REAL,
  agent_rms_dbfs          REAL,
  agent_snr_db            REAL,
  agent_clipping_ratio    REAL,
  PRIMARY KEY (call_id, turn_index)
);
`,
};
