import type { Db } from '../open';
import type { FlagDraft } from '../../../../shared/model/call';
import type { NormalizedCall } from '../../../../shared/model/normalized';
import type { AudioCodec } from '../../../../shared/model/recording';
import { insertAudioAnalysis, type AudioAnalysisToStore } from './audio-write';

export interface StoredPeaks {
  channel: number;
  samplesPerPeak: number;
  /** Interleaved min,max pairs scaled to int16. */
  data: Int16Array;
}

export interface RecordingToStore {
  id: string;
  path: string;
  sha256: string;
  codec: AudioCodec;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
  byteSize: number;
  callerChannel: number | null;
  agentChannel: number | null;
  peaks: StoredPeaks[];
  /** What the audio layer measured (stored by migration 0002's tables), when the recording was analysed. */
  audio?: AudioAnalysisToStore;
}

export interface CallToStore {
  id: string;
  call: NormalizedCall;
  sourcePath: string | null;
  contentHash: string;
  recording: RecordingToStore | null;
  flags: FlagDraft[];
  importedAt: string;
}

export type StoreOutcome = 'created' | 'updated' | 'unchanged';

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/**
 * Stores one call with everything under it in a single transaction: either the whole call lands or
 * nothing does. A call already stored with the same content is left alone; a changed one is replaced.
 */
export function storeCall(db: Db, input: CallToStore): StoreOutcome {
  const existing = db.prepare('SELECT content_hash FROM calls WHERE id = ?').get(input.id) as
    | { content_hash: string }
    | undefined;
  if (existing && existing.content_hash === input.contentHash) return 'unchanged';

  const run = db.transaction((): StoreOutcome => {
    if (existing) db.prepare('DELETE FROM calls WHERE id = ?').run(input.id);
    insertCallRow(db, input);
    if (input.recording) insertRecording(db, input.id, input.recording);
    if (input.recording?.audio) insertAudioAnalysis(db, input.id, input.recording.id, input.recording.audio, input.importedAt);
    insertTurns(db, input.id, input.call);
    insertSpans(db, input.id, input.call);
    insertFlags(db, input.id, input.flags, input.importedAt);
    return existing ? 'updated' : 'created';
  });
  return run();
}

function insertCallRow(db: Db, input: CallToStore): void {
  const c = input.call;
  db.prepare(
    `INSERT INTO calls (id, external_id, source_format, source_path, content_hash, agent_name, agent_version,
       started_at, duration_ms, outcome, ended_reason, metadata_json, import_notes_json, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.id,
    c.externalId,
    c.sourceFormat,
    input.sourcePath,
    input.contentHash,
    c.agent.name,
    c.agent.version,
    c.startedAt,
    c.durationMs,
    c.outcome,
    c.endedReason,
    JSON.stringify(c.metadata),
    JSON.stringify(c.notes),
    input.importedAt,
  );
}

function insertRecording(db: Db, callId: string, r: RecordingToStore): void {
  db.prepare(
    `INSERT INTO recordings (id, call_id, path, sha256, codec, sample_rate, channels, bits_per_sample, duration_ms,
       byte_size, caller_channel, agent_channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, callId, r.path, r.sha256, r.codec, r.sampleRate, r.channels, r.bitsPerSample, r.durationMs, r.byteSize,
    r.callerChannel, r.agentChannel);
  const insertPeaks = db.prepare(
    'INSERT INTO peaks (recording_id, channel, samples_per_peak, peak_count, data) VALUES (?, ?, ?, ?, ?)',
  );
  for (const p of r.peaks) {
    const bytes = Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength);
    insertPeaks.run(r.id, p.channel, p.samplesPerPeak, p.data.length / 2, bytes);
  }
}

function insertTurns(db: Db, callId: string, call: NormalizedCall): void {
  const insertTurn = db.prepare(
    `INSERT INTO turns (call_id, turn_index, caller_start_ms, caller_end_ms, caller_text, agent_start_ms, agent_end_ms,
       agent_text, reference_text, intent, intent_confidence, expected_intent, stt_ms, llm_ms, tts_ms, overhead_ms,
       end_to_end_ms, time_to_first_word_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertWord = db.prepare(
    'INSERT INTO words (turn_id, speaker, word_index, text, start_ms, end_ms, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTool = db.prepare(
    `INSERT INTO tool_calls (turn_id, position, tool_call_id, name, arguments_json, result_json, start_ms, end_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const t of call.turns) {
    const tm = t.timings;
    const turnId = insertTurn.run(
      callId, t.index,
      t.caller?.startMs ?? null, t.caller?.endMs ?? null, t.caller?.text ?? null,
      t.agent?.startMs ?? null, t.agent?.endMs ?? null, t.agent?.text ?? null,
      t.referenceText, t.intent?.name ?? null, t.intent?.confidence ?? null, t.expectedIntent,
      tm.sttMs, tm.llmMs, tm.ttsMs, tm.overheadMs, tm.endToEndMs, tm.timeToFirstWordMs,
    ).lastInsertRowid;
    for (const speaker of ['caller', 'agent'] as const) {
      t[speaker]?.words.forEach((w, i) => insertWord.run(turnId, speaker, i, w.text, w.startMs, w.endMs, w.confidence));
    }
    t.toolCalls.forEach((tc, i) =>
      insertTool.run(turnId, i, tc.id, tc.name, json(tc.arguments), json(tc.result), tc.startMs, tc.endMs),
    );
  }
}

function insertSpans(db: Db, callId: string, call: NormalizedCall): void {
  const insertSpan = db.prepare(
    `INSERT INTO spans (call_id, turn_index, span_id, parent_span_id, name, kind, start_ms, end_ms, attributes_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of call.spans) {
    insertSpan.run(callId, s.turnIndex, s.spanId, s.parentSpanId, s.name, s.kind, s.startMs, s.endMs,
      JSON.stringify(s.attributes));
  }
}

function insertFlags(db: Db, callId: string, flags: readonly FlagDraft[], createdAt: string): void {
  const insertFlag = db.prepare(
    `INSERT INTO flags (call_id, turn_index, kind, severity, start_ms, end_ms, detail, evidence_json, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of flags) {
    insertFlag.run(callId, f.turnIndex, f.kind, f.severity, f.startMs, f.endMs, f.detail, JSON.stringify(f.evidence),
      f.source, createdAt);
  }
}

/** Replaces the flags one source produced for a call (re-analysis), leaving other sources' flags alone. */
export function replaceFlags(db: Db, callId: string, source: FlagDraft['source'], flags: readonly FlagDraft[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM flags WHERE call_id = ? AND source = ?').run(callId, source);
    insertFlags(db, callId, flags, new Date().toISOString());
  })();
}
