import type { Migration } from './migration';

/**
 * Schema v6: where a recording lost audio inside (a damaged Ogg page, an unreadable FLAC frame) and the
 * decode put silence in its place, so the rest stays at its time: [{startMs, durationMs}], kept so the
 * call's findings can flag those stretches again without decoding. Recordings analysed before have none.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'decode-gaps',
  sql: `
ALTER TABLE recording_audio ADD COLUMN decode_gaps_json TEXT NOT NULL DEFAULT '[]';
`,
};
