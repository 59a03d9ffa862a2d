/**
 * Stores what the audio layer measured (migration 0002): per-recording decode facts and roles, per-channel
 * quality and envelopes, speech segments, per-turn measurements, and the audio flags (kind `audio_*`,
 * source 'analysis'). Re-analysis (roles swapped, thresholds changed) replaces the turn findings and the
 * audio flags from the stored per-channel data, without decoding the recording again.
 */
import type { FlagDraft, Turn } from '../../../../shared/model/call';
import type { AudioThresholds } from '../../audio/audio-thresholds';
import { analyzeCallAudio, detectedEchoes, type CallAudioAnalysis, type RecordingAudioView } from '../../audio/call-audio';
import { ENVELOPE_FRAME_MS } from '../../audio/channel-analyzer';
import type { RoleSource } from '../../audio/channel-roles';
import type { Db } from '../open';
import { readRecordingAudioView } from './audio-read';

export interface AudioAnalysisToStore {
  analyzerVersion: number;
  container: string;
  recording: RecordingAudioView;
  call: CallAudioAnalysis;
  thresholds: { id: string; version: number };
}

const blob = (a: Int16Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Inside the caller's transaction (storeCall): everything for one freshly stored recording. */
export function insertAudioAnalysis(db: Db, callId: string, recordingId: string, a: AudioAnalysisToStore, createdAt: string): void {
  const rec = a.recording;
  db.prepare(
    `INSERT INTO recording_audio (recording_id, analyzer_version, container, decode_complete, decode_problems_json, decode_gaps_json, roles_source,
       roles_confidence, echo_json, thresholds_id, thresholds_version, analyzed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(recordingId, a.analyzerVersion, a.container, rec.decode.complete ? 1 : 0, JSON.stringify(rec.decode.problems), JSON.stringify(rec.decode.gaps), a.call.roles.source,
    a.call.roles.confidence, JSON.stringify(rec.echo), a.thresholds.id, a.thresholds.version, createdAt);
  const insertChannel = db.prepare(
    `INSERT INTO channel_audio (recording_id, channel, rms_dbfs, peak_dbfs, dc_offset, clipping_ratio, clip_event_count, clip_events_json,
       noise_dbfs, speech_dbfs, snr_db, speech_ratio, echo_from_channel, echo_delay_ms, echo_level_db, envelope_frame_ms, level_envelope,
       speech_envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSegment = db.prepare('INSERT OR IGNORE INTO speech_segments (recording_id, channel, start_ms, end_ms) VALUES (?, ?, ?, ?)');
  for (const ch of rec.channelAudio) {
    const echo = a.call.quality.find((q) => q.channel === ch.channel)?.echo ?? null;
    insertChannel.run(recordingId, ch.channel, finite(ch.rmsDbfs), finite(ch.peakDbfs), ch.dcOffset, Math.min(1, ch.clippingRatio), ch.clipEventCount,
      JSON.stringify(ch.clipEvents), ch.noiseDbfs, ch.speechDbfs, ch.snrDb, ch.speechRatio, echo?.fromChannel ?? null, echo?.delayMs ?? null,
      echo?.levelDb ?? null, ENVELOPE_FRAME_MS, blob(ch.levelEnvelope), blob(ch.speechEnvelope));
    for (const s of ch.segments) insertSegment.run(recordingId, ch.channel, s.startMs, s.endMs);
  }
  insertTurnFindings(db, callId, a.call, createdAt);
}

const finite = (v: number): number => (Number.isFinite(v) ? v : -200);

function insertTurnFindings(db: Db, callId: string, call: CallAudioAnalysis, createdAt: string): void {
  const insertTurn = db.prepare(
    `INSERT INTO turn_audio (call_id, turn_index, caller_speech_start_ms, caller_speech_end_ms, agent_speech_start_ms, agent_speech_end_ms,
       response_gap_ms, gap_vs_end_to_end_ms, gap_vs_ttfw_ms, caller_rms_dbfs, caller_snr_db, caller_clipping_ratio, agent_rms_dbfs,
       agent_snr_db, agent_clipping_ratio) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const t of call.turns) {
    const m = t.measured;
    insertTurn.run(callId, t.turnIndex, m.callerSpeechStartMs, m.callerSpeechEndMs, m.agentSpeechStartMs, m.agentSpeechEndMs, m.responseGapMs,
      t.gapVsEndToEndMs, t.gapVsTimeToFirstWordMs, t.caller.rmsDbfs, t.caller.snrDb, t.caller.clippingRatio, t.agent.rmsDbfs, t.agent.snrDb,
      t.agent.clippingRatio);
  }
  insertAudioFlags(db, callId, call.flags, createdAt);
}

function insertAudioFlags(db: Db, callId: string, flags: readonly FlagDraft[], createdAt: string): void {
  const insert = db.prepare(
    `INSERT INTO flags (call_id, turn_index, kind, severity, start_ms, end_ms, detail, evidence_json, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of flags) {
    insert.run(callId, f.turnIndex, f.kind, f.severity, f.startMs, f.endMs, f.detail, JSON.stringify(f.evidence), f.source, createdAt);
  }
}

/**
 * Re-runs the call-level findings from the stored per-channel analysis: with the given roles (a user's
 * swap) or, when `roles` is omitted, with the stored ones. Replaces turn measurements and audio flags in
 * one transaction. Returns the new findings, or null when the recording has no stored analysis.
 */
export function reanalyzeRecordingAudio(
  db: Db,
  recordingId: string,
  turns: readonly Turn[],
  thresholds: AudioThresholds,
  roles?: { caller: number | null; agent: number | null; source: RoleSource },
): CallAudioAnalysis | null {
  const stored = readRecordingAudioView(db, recordingId);
  if (!stored) return null;
  const given = roles ?? stored.roles;
  const call = analyzeCallAudio(stored.view, turns, { caller: given.caller, agent: given.agent }, thresholds, { rolesSource: given.source === 'none' ? 'trace' : given.source });
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare('DELETE FROM turn_audio WHERE call_id = ?').run(stored.callId);
    db.prepare(`DELETE FROM flags WHERE call_id = ? AND source = 'analysis' AND kind LIKE 'audio\\_%' ESCAPE '\\'`).run(stored.callId);
    db.prepare('UPDATE recordings SET caller_channel = ?, agent_channel = ? WHERE id = ?').run(call.roles.caller, call.roles.agent, recordingId);
    db.prepare('UPDATE recording_audio SET roles_source = ?, roles_confidence = ?, thresholds_id = ?, thresholds_version = ?, analyzed_at = ? WHERE recording_id = ?')
      .run(call.roles.source, call.roles.confidence, thresholds.id, thresholds.version, now, recordingId);
    const echoByChannel = new Map(detectedEchoes(stored.view.echo, thresholds.echo).map((e) => [e.target, e]));
    for (const ch of stored.view.channelAudio) {
      const e = echoByChannel.get(ch.channel);
      db.prepare('UPDATE channel_audio SET echo_from_channel = ?, echo_delay_ms = ?, echo_level_db = ? WHERE recording_id = ? AND channel = ?')
        .run(e?.source ?? null, e?.delayMs ?? null, e?.levelDb ?? null, recordingId, ch.channel);
    }
    insertTurnFindings(db, stored.callId, call, now);
  })();
  return call;
}

/** Exchanges caller and agent on a recording and re-derives everything that depends on it. */
export function swapRecordingRoles(db: Db, recordingId: string, turns: readonly Turn[], thresholds: AudioThresholds): CallAudioAnalysis | null {
  const stored = readRecordingAudioView(db, recordingId);
  if (!stored) return null;
  const { caller, agent } = stored.roles;
  if (caller === null && agent === null) {
    // Nothing assigned yet: a two-channel recording gets 0 = caller, 1 = agent, the usual layout.
    return reanalyzeRecordingAudio(db, recordingId, turns, thresholds, { caller: 0, agent: 1, source: 'user' });
  }
  return reanalyzeRecordingAudio(db, recordingId, turns, thresholds, { caller: agent, agent: caller, source: 'user' });
}
