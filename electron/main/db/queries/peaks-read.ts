import type { Db } from '../open';

export interface PeaksRow {
  channel: number;
  samplesPerPeak: number;
  data: Int16Array;
}

/** Stored resolutions of a recording, finest first. */
export function peakLevels(db: Db, recordingId: string): number[] {
  const rows = db
    .prepare('SELECT DISTINCT samples_per_peak AS s FROM peaks WHERE recording_id = ? ORDER BY s')
    .all(recordingId) as { s: number }[];
  return rows.map((r) => r.s);
}

export function readPeaks(db: Db, recordingId: string, samplesPerPeak: number): PeaksRow[] {
  const rows = db
    .prepare('SELECT channel, data FROM peaks WHERE recording_id = ? AND samples_per_peak = ? ORDER BY channel')
    .all(recordingId, samplesPerPeak) as { channel: number; data: Buffer }[];
  return rows.map((r) => {
    // Copy into an aligned buffer: a Buffer from SQLite may start at an odd offset.
    const copy = new Uint8Array(r.data.byteLength);
    copy.set(r.data);
    return { channel: r.channel, samplesPerPeak, data: new Int16Array(copy.buffer) };
  });
}
