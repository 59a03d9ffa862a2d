import type { Db } from '../open';
import type { CallOutcome, Flag, Severity, Span, SpanKind, ToolCall, Turn, Word } from '../../../../shared/model/call';
import type { CallDetail, CallSummary, ImportNote, TurnDetail } from '../../../../shared/model/dto';
import type { AudioCodec, MeasuredTurnSpeech, RecordingInfo } from '../../../../shared/model/recording';
import { readChannelQuality, readMeasuredTurns, readRecordingAudioInfo } from './audio-read';

interface CallRow {
  id: string;
  external_id: string | null;
  source_format: string;
  source_path: string | null;
  content_hash: string;
  agent_name: string | null;
  agent_version: string | null;
  started_at: string | null;
  duration_ms: number | null;
  outcome: CallOutcome;
  ended_reason: string | null;
  import_notes_json: string;
  imported_at: string;
  turn_count: number;
  flag_count: number;
}

const SUMMARY_SELECT = `
  SELECT c.*,
    (SELECT COUNT(*) FROM turns t WHERE t.call_id = c.id) AS turn_count,
    (SELECT COUNT(*) FROM flags f WHERE f.call_id = c.id) AS flag_count
  FROM calls c`;

/** The library fields of a call row (any query that selects them, with turn and flag counts). */
export type SummaryRow = Pick<CallRow, 'id' | 'source_format' | 'agent_name' | 'agent_version' | 'started_at' | 'duration_ms' | 'outcome' | 'imported_at' | 'turn_count' | 'flag_count'>;

export function toSummary(r: SummaryRow): CallSummary {
  return {
    id: r.id,
    sourceFormat: r.source_format,
    agent: { name: r.agent_name, version: r.agent_version },
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    outcome: r.outcome,
    turnCount: r.turn_count,
    flagCount: r.flag_count,
    importedAt: r.imported_at,
  };
}

/** Newest call first (by when it happened, falling back to when it was imported). */
export function listCalls(db: Db, limit = 500, offset = 0): CallSummary[] {
  const rows = db
    .prepare(`${SUMMARY_SELECT} ORDER BY COALESCE(c.started_at, c.imported_at) DESC, c.id LIMIT ? OFFSET ?`)
    .all(limit, offset) as CallRow[];
  return rows.map(toSummary);
}

export function countCalls(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
}

export function getCallDetail(db: Db, callId: string): CallDetail | null {
  const row = db.prepare(`${SUMMARY_SELECT} WHERE c.id = ?`).get(callId) as CallRow | undefined;
  if (!row) return null;
  return {
    ...toSummary(row),
    externalId: row.external_id,
    sourcePath: row.source_path,
    contentHash: row.content_hash,
    endedReason: row.ended_reason,
    recordings: readRecordings(db, callId),
    turns: withMeasured(readTurns(db, callId), readMeasuredTurns(db, callId)),
    spans: readSpans(db, callId),
    flags: readFlags(db, callId),
    importNotes: JSON.parse(row.import_notes_json) as ImportNote[],
  };
}

interface RecordingRow {
  id: string;
  call_id: string;
  path: string;
  sha256: string;
  codec: AudioCodec;
  sample_rate: number;
  channels: number;
  bits_per_sample: number;
  duration_ms: number;
  byte_size: number;
  caller_channel: number | null;
  agent_channel: number | null;
}

function toRecording(db: Db, r: RecordingRow): RecordingInfo {
  const levels = db
    .prepare('SELECT DISTINCT samples_per_peak AS s FROM peaks WHERE recording_id = ? ORDER BY s')
    .all(r.id) as { s: number }[];
  return {
    id: r.id,
    callId: r.call_id,
    path: r.path,
    sha256: r.sha256,
    codec: r.codec,
    sampleRate: r.sample_rate,
    channels: r.channels,
    bitsPerSample: r.bits_per_sample,
    durationMs: r.duration_ms,
    byteSize: r.byte_size,
    roles: { caller: r.caller_channel, agent: r.agent_channel },
    peakLevels: levels.map((l) => l.s),
    quality: readChannelQuality(db, r.id, { caller: r.caller_channel, agent: r.agent_channel }),
    audio: readRecordingAudioInfo(db, r.id),
  };
}

function readRecordings(db: Db, callId: string): RecordingInfo[] {
  const rows = db.prepare('SELECT * FROM recordings WHERE call_id = ? ORDER BY id').all(callId) as RecordingRow[];
  return rows.map((r) => toRecording(db, r));
}

export function getRecording(db: Db, recordingId: string): RecordingInfo | null {
  const row = db.prepare('SELECT * FROM recordings WHERE id = ?').get(recordingId) as RecordingRow | undefined;
  return row ? toRecording(db, row) : null;
}

interface TurnRow {
  id: number;
  turn_index: number;
  caller_start_ms: number | null;
  caller_end_ms: number | null;
  caller_text: string | null;
  agent_start_ms: number | null;
  agent_end_ms: number | null;
  agent_text: string | null;
  reference_text: string | null;
  intent: string | null;
  intent_confidence: number | null;
  expected_intent: string | null;
  stt_ms: number | null;
  llm_ms: number | null;
  tts_ms: number | null;
  overhead_ms: number | null;
  end_to_end_ms: number | null;
  time_to_first_word_ms: number | null;
}

interface WordRow {
  turn_id: number;
  speaker: 'caller' | 'agent';
  text: string;
  start_ms: number | null;
  end_ms: number | null;
  confidence: number | null;
}

interface ToolRow {
  turn_id: number;
  tool_call_id: string | null;
  name: string;
  arguments_json: string | null;
  result_json: string | null;
  start_ms: number | null;
  end_ms: number | null;
}

const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function readTurns(db: Db, callId: string): Turn[] {
  const turns = db.prepare('SELECT * FROM turns WHERE call_id = ? ORDER BY turn_index').all(callId) as TurnRow[];
  const words = db
    .prepare(
      `SELECT w.turn_id, w.speaker, w.text, w.start_ms, w.end_ms, w.confidence FROM words w
       JOIN turns t ON t.id = w.turn_id WHERE t.call_id = ? ORDER BY w.turn_id, w.speaker, w.word_index`,
    )
    .all(callId) as WordRow[];
  const tools = db
    .prepare(
      `SELECT c.* FROM tool_calls c JOIN turns t ON t.id = c.turn_id WHERE t.call_id = ? ORDER BY c.turn_id, c.position`,
    )
    .all(callId) as ToolRow[];
  const wordsBy = new Map<string, Word[]>();
  for (const w of words) {
    const key = `${w.turn_id}:${w.speaker}`;
    const list = wordsBy.get(key) ?? [];
    list.push({ text: w.text, startMs: w.start_ms, endMs: w.end_ms, confidence: w.confidence });
    wordsBy.set(key, list);
  }
  const toolsBy = new Map<number, ToolCall[]>();
  for (const c of tools) {
    const list = toolsBy.get(c.turn_id) ?? [];
    list.push({
      id: c.tool_call_id, name: c.name, arguments: parseJson(c.arguments_json), result: parseJson(c.result_json),
      startMs: c.start_ms, endMs: c.end_ms,
    });
    toolsBy.set(c.turn_id, list);
  }
  return turns.map((t) => ({
    index: t.turn_index,
    caller: t.caller_text === null && t.caller_start_ms === null ? null : {
      startMs: t.caller_start_ms, endMs: t.caller_end_ms, text: t.caller_text ?? '',
      words: wordsBy.get(`${t.id}:caller`) ?? [],
    },
    agent: t.agent_text === null && t.agent_start_ms === null ? null : {
      startMs: t.agent_start_ms, endMs: t.agent_end_ms, text: t.agent_text ?? '',
      words: wordsBy.get(`${t.id}:agent`) ?? [],
    },
    referenceText: t.reference_text,
    intent: t.intent === null ? null : { name: t.intent, confidence: t.intent_confidence },
    expectedIntent: t.expected_intent,
    timings: {
      sttMs: t.stt_ms, llmMs: t.llm_ms, ttsMs: t.tts_ms, overheadMs: t.overhead_ms,
      endToEndMs: t.end_to_end_ms, timeToFirstWordMs: t.time_to_first_word_ms,
    },
    toolCalls: toolsBy.get(t.id) ?? [],
  }));
}

function withMeasured(turns: Turn[], measured: ReadonlyMap<number, MeasuredTurnSpeech>): TurnDetail[] {
  return turns.map((t) => ({ ...t, measured: measured.get(t.index) ?? null }));
}

interface SpanRow {
  span_id: string | null;
  parent_span_id: string | null;
  name: string;
  kind: SpanKind;
  turn_index: number | null;
  start_ms: number | null;
  end_ms: number | null;
  attributes_json: string;
}

function readSpans(db: Db, callId: string): Span[] {
  const rows = db.prepare('SELECT * FROM spans WHERE call_id = ? ORDER BY start_ms, id').all(callId) as SpanRow[];
  return rows.map((s) => ({
    spanId: s.span_id, parentSpanId: s.parent_span_id, name: s.name, kind: s.kind, turnIndex: s.turn_index,
    startMs: s.start_ms, endMs: s.end_ms, attributes: JSON.parse(s.attributes_json) as Record<string, unknown>,
  }));
}

interface FlagRow {
  id: number;
  kind: string;
  severity: Severity;
  turn_index: number | null;
  start_ms: number | null;
  end_ms: number | null;
  detail: string;
  evidence_json: string;
  source: 'import' | 'analysis';
}

function readFlags(db: Db, callId: string): Flag[] {
  const rows = db
    .prepare('SELECT * FROM flags WHERE call_id = ? ORDER BY COALESCE(start_ms, 0), turn_index, id')
    .all(callId) as FlagRow[];
  return rows.map((f) => ({
    id: f.id, kind: f.kind, severity: f.severity, turnIndex: f.turn_index, startMs: f.start_ms, endMs: f.end_ms,
    detail: f.detail, evidence: JSON.parse(f.evidence_json) as Record<string, unknown>, source: f.source,
  }));
}

/** The content hash a stored call was imported with, to skip unchanged re-imports before any decoding. */
/** The source format a stored call was imported from, or null if there is no such call. */
export function storedSourceFormat(db: Db, callId: string): string | null {
  const row = db.prepare('SELECT source_format FROM calls WHERE id = ?').get(callId) as { source_format: string } | undefined;
  return row?.source_format ?? null;
}

/**
 * Reference transcripts given to a stored call after its import (by an analyst in the app, or from a
 * reference file), by turn: what a re-import of the call must not lose.
 */
export function laterReferences(db: Db, callId: string): { turnIndex: number; text: string; source: string }[] {
  return db
    .prepare(
      `SELECT turn_index AS turnIndex, reference_text AS text, reference_source AS source FROM turns
       WHERE call_id = ? AND reference_text IS NOT NULL AND reference_source IS NOT NULL AND reference_source <> 'call-file'
       ORDER BY turn_index`,
    )
    .all(callId) as { turnIndex: number; text: string; source: string }[];
}

export function storedContentHash(db: Db, callId: string): string | null {
  const row = db.prepare('SELECT content_hash FROM calls WHERE id = ?').get(callId) as { content_hash: string } | undefined;
  return row?.content_hash ?? null;
}
