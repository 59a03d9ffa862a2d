/**
 * The turns of a call as CSV (RFC 4180: quoted where needed, CRLF line ends) with their metrics: timing
 * of both sides, recognized and reference text, intent, WER with S/D/I, hallucination runs, confidence,
 * stage latencies and band, the measured response gap, tool calls and flags. Numbers are plain; a text
 * cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe, since
 * a caller's words are untrusted input.
 */
import type { TurnResult } from '../analysis/turn-analysis';
import { endToEndOf, timeToFirstWord } from '../analysis/latency';
import type { Flag } from '../model/call';
import type { TurnDetail } from '../model/dto';

export const TURN_CSV_COLUMNS = [
  'call_id', 'turn_index', 'caller_start_ms', 'caller_end_ms', 'caller_text', 'reference', 'agent_start_ms', 'agent_end_ms', 'agent_text',
  'intent', 'intent_confidence', 'expected_intent', 'wer', 'substitutions', 'deletions', 'insertions', 'reference_words', 'hallucination_runs',
  'caller_confidence', 'confidence_band', 'stt_ms', 'llm_ms', 'tts_ms', 'overhead_ms', 'end_to_end_ms', 'latency_band', 'time_to_first_word_ms',
  'measured_response_gap_ms', 'tool_calls', 'flags',
] as const;

type Cell = string | number | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 10000) / 10000) : '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface CsvCall {
  id: string;
  turns: readonly TurnDetail[];
  flags: readonly Flag[];
  /** Per-turn analysis results (the stored analysis), when the call was analysed. */
  analysis: readonly TurnResult[] | null;
}

export function toTurnsCsv(call: CsvCall): string {
  const byTurn = new Map((call.analysis ?? []).map((r) => [r.turnIndex, r]));
  const rows = [...call.turns].sort((a, b) => a.index - b.index).map((t) => {
    const r = byTurn.get(t.index);
    const flags = call.flags.filter((f) => f.turnIndex === t.index).map((f) => `${f.severity}:${f.kind}`);
    const values: Cell[] = [
      call.id, t.index, t.caller?.startMs, t.caller?.endMs, t.caller?.text, t.referenceText, t.agent?.startMs, t.agent?.endMs, t.agent?.text,
      t.intent?.name, t.intent?.confidence, t.expectedIntent, r?.wer?.wer, r?.wer?.substitutions, r?.wer?.deletions, r?.wer?.insertions,
      r?.wer?.refWords, r ? r.hallucinationRuns.length : null, r?.confidence?.confidence, r?.confidence?.band,
      t.timings.sttMs, t.timings.llmMs, t.timings.ttsMs, t.timings.overheadMs, endToEndOf(t.timings).ms, r?.latency.band, timeToFirstWord(t),
      t.measured?.responseGapMs, t.toolCalls.map((c) => c.name).join(' '), flags.join(' '),
    ];
    return values.map(cell).join(',');
  });
  return [TURN_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
