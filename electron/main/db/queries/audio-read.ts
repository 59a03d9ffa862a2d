/** Reads what the audio layer stored (migration 0002), for CallDetail and for re-analysis. */
import type { AudioGap, ChannelQualityInfo, MeasuredTurnSpeech, RecordingAudioInfo } from '../../../../shared/model/recording';
import type { RecordingAudioView } from '../../audio/call-audio';
import type { RoleSource } from '../../audio/channel-roles';
import type { EchoEstimate } from '../../audio/echo-estimate';
import type { ChannelAudio } from '../../audio/recording-audio';
import type { Db } from '../open';

interface ChannelRow {
  channel: number;
  rms_dbfs: number;
  peak_dbfs: number;
  dc_offset: number;
  clipping_ratio: number;
  clip_event_count: number;
  clip_events_json: string;
  noise_dbfs: number;
  speech_dbfs: number | null;
  snr_db: number | null;
  speech_ratio: number;
  echo_from_channel: number | null;
  echo_delay_ms: number | null;
  echo_level_db: number | null;
  level_envelope: Buffer;
  speech_envelope: Buffer;
}

interface RecordingAudioRow {
  decode_complete: number;
  decode_problems_json: string;
  decode_gaps_json: string;
  roles_source: RoleSource;
  roles_confidence: number | null;
  echo_json: string;
  analyzer_version: number;
  thresholds_id: string;
  thresholds_version: number;
}

const int16 = (b: Buffer): Int16Array => {
  // Copy into an aligned buffer: a Buffer from SQLite may start at an odd offset.
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Int16Array(copy.buffer);
};

/** Per-channel quality of a recording (what `show --json` prints under `quality`); null if never analysed. */
export function readChannelQuality(db: Db, recordingId: string, roles: { caller: number | null; agent: number | null }): ChannelQualityInfo[] | null {
  const rows = db
    .prepare(
      `SELECT channel, rms_dbfs, peak_dbfs, dc_offset, clipping_ratio, clip_event_count, noise_dbfs, snr_db, speech_ratio, echo_from_channel,
         echo_delay_ms, echo_level_db FROM channel_audio WHERE recording_id = ? ORDER BY channel`,
    )
    .all(recordingId) as Omit<ChannelRow, 'level_envelope' | 'speech_envelope' | 'clip_events_json' | 'speech_dbfs'>[];
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    channel: r.channel,
    role: r.channel === roles.caller ? 'caller' : r.channel === roles.agent ? 'agent' : null,
    snrDb: r.snr_db,
    clippingRatio: r.clipping_ratio,
    rmsDbfs: r.rms_dbfs,
    speechRatio: r.speech_ratio,
    echo: r.echo_delay_ms !== null && r.echo_level_db !== null ? { delayMs: r.echo_delay_ms, levelDb: r.echo_level_db, fromChannel: r.echo_from_channel } : null,
    clipEventCount: r.clip_event_count,
    dcOffset: r.dc_offset,
    noiseDbfs: r.noise_dbfs,
    peakDbfs: r.peak_dbfs,
  }));
}

export function readRecordingAudioInfo(db: Db, recordingId: string): RecordingAudioInfo | null {
  const row = db.prepare('SELECT * FROM recording_audio WHERE recording_id = ?').get(recordingId) as RecordingAudioRow | undefined;
  if (!row) return null;
  return {
    decodeComplete: row.decode_complete === 1,
    decodeProblems: JSON.parse(row.decode_problems_json) as string[],
    decodeGaps: JSON.parse(row.decode_gaps_json) as AudioGap[],
    rolesSource: row.roles_source,
    rolesConfidence: row.roles_confidence,
    analyzerVersion: row.analyzer_version,
    thresholds: { id: row.thresholds_id, version: row.thresholds_version },
  };
}

/** Speech segments per channel (raw detector output), for the view's speech lanes and the analysis engine. */
export function readSpeechSegments(db: Db, recordingId: string): { channel: number; startMs: number; endMs: number }[] {
  return db
    .prepare('SELECT channel, start_ms AS startMs, end_ms AS endMs FROM speech_segments WHERE recording_id = ? ORDER BY channel, start_ms')
    .all(recordingId) as { channel: number; startMs: number; endMs: number }[];
}

/** The caller's speech for a call (first recording with a known caller channel), or null: the analysis engine's `callerSpeech`. */
export function readCallerSpeech(db: Db, callId: string): { startMs: number; endMs: number }[] | null {
  const rec = db
    .prepare('SELECT id, caller_channel FROM recordings WHERE call_id = ? AND caller_channel IS NOT NULL ORDER BY id LIMIT 1')
    .get(callId) as { id: string; caller_channel: number } | undefined;
  if (!rec) return null;
  const analysed = db.prepare('SELECT 1 FROM recording_audio WHERE recording_id = ?').get(rec.id);
  if (!analysed) return null;
  return db
    .prepare('SELECT start_ms AS startMs, end_ms AS endMs FROM speech_segments WHERE recording_id = ? AND channel = ? ORDER BY start_ms')
    .all(rec.id, rec.caller_channel) as { startMs: number; endMs: number }[];
}

/** Measured speech times per turn index, for a call; empty when the call has no analysed recording. */
export function readMeasuredTurns(db: Db, callId: string): Map<number, MeasuredTurnSpeech> {
  const rows = db
    .prepare(
      `SELECT turn_index, caller_speech_start_ms, caller_speech_end_ms, agent_speech_start_ms, agent_speech_end_ms, response_gap_ms
       FROM turn_audio WHERE call_id = ?`,
    )
    .all(callId) as {
    turn_index: number;
    caller_speech_start_ms: number | null;
    caller_speech_end_ms: number | null;
    agent_speech_start_ms: number | null;
    agent_speech_end_ms: number | null;
    response_gap_ms: number | null;
  }[];
  return new Map(
    rows.map((r) => [
      r.turn_index,
      {
        callerSpeechStartMs: r.caller_speech_start_ms,
        callerSpeechEndMs: r.caller_speech_end_ms,
        agentSpeechStartMs: r.agent_speech_start_ms,
        agentSpeechEndMs: r.agent_speech_end_ms,
        responseGapMs: r.response_gap_ms,
      },
    ]),
  );
}

/** Everything re-analysis needs, rebuilt from the store. */
export function readRecordingAudioView(
  db: Db,
  recordingId: string,
): { callId: string; view: RecordingAudioView; roles: { caller: number | null; agent: number | null; source: RoleSource } } | null {
  const rec = db.prepare('SELECT call_id, duration_ms, channels, caller_channel, agent_channel FROM recordings WHERE id = ?').get(recordingId) as
    | { call_id: string; duration_ms: number; channels: number; caller_channel: number | null; agent_channel: number | null }
    | undefined;
  const audio = db.prepare('SELECT * FROM recording_audio WHERE recording_id = ?').get(recordingId) as RecordingAudioRow | undefined;
  if (!rec || !audio) return null;
  const rows = db.prepare('SELECT * FROM channel_audio WHERE recording_id = ? ORDER BY channel').all(recordingId) as ChannelRow[];
  const segments = readSpeechSegments(db, recordingId);
  const channelAudio: ChannelAudio[] = rows.map((r) => ({
    channel: r.channel,
    rmsDbfs: r.rms_dbfs,
    peakDbfs: r.peak_dbfs,
    dcOffset: r.dc_offset,
    clippingRatio: r.clipping_ratio,
    clipEventCount: r.clip_event_count,
    clipEvents: JSON.parse(r.clip_events_json) as { startMs: number; endMs: number }[],
    noiseDbfs: r.noise_dbfs,
    speechDbfs: r.speech_dbfs,
    snrDb: r.snr_db,
    speechRatio: r.speech_ratio,
    segments: segments.filter((s) => s.channel === r.channel).map((s) => ({ startMs: s.startMs, endMs: s.endMs })),
    levelEnvelope: int16(r.level_envelope),
    speechEnvelope: int16(r.speech_envelope),
  }));
  return {
    callId: rec.call_id,
    roles: { caller: rec.caller_channel, agent: rec.agent_channel, source: audio.roles_source },
    view: {
      durationMs: rec.duration_ms,
      channels: rec.channels,
      channelAudio,
      echo: JSON.parse(audio.echo_json) as EchoEstimate[],
      decode: {
        complete: audio.decode_complete === 1,
        problems: JSON.parse(audio.decode_problems_json) as string[],
        gaps: JSON.parse(audio.decode_gaps_json) as AudioGap[],
      },
    },
  };
}
