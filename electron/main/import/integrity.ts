import type { FlagDraft, Utterance } from '../../../shared/model/call';
import type { ImportNote } from '../../../shared/model/dto';
import type { NormalizedCall } from '../../../shared/model/normalized';

/** Slack for rounding between a trace's clock and the recording's length. */
const OUTSIDE_TOLERANCE_MS = 250;

/**
 * Checks a normalized call for things a trace can get wrong without being malformed: negative durations and
 * times beyond the end of the recording. They become flags to look at, not reasons to refuse the call.
 */
export function integrityFlags(call: NormalizedCall, recordingDurationMs: number | null): FlagDraft[] {
  const flags: FlagDraft[] = [];
  const flag = (turnIndex: number | null, kind: string, detail: string, startMs: number | null, endMs: number | null, evidence: Record<string, unknown>): void => {
    flags.push({ kind, severity: 'warning', turnIndex, startMs, endMs, detail, evidence, source: 'import' });
  };
  for (const t of call.turns) {
    for (const [speaker, u] of [['caller', t.caller], ['agent', t.agent]] as [string, Utterance | null][]) {
      if (!u) continue;
      if (u.startMs !== null && u.endMs !== null && u.endMs < u.startMs) {
        flag(t.index, 'negative_duration', `${speaker} utterance ends ${Math.round(u.startMs - u.endMs)} ms before it starts`,
          u.endMs, u.startMs, { speaker, startMs: u.startMs, endMs: u.endMs });
      }
      if (recordingDurationMs !== null && u.endMs !== null && u.endMs > recordingDurationMs + OUTSIDE_TOLERANCE_MS) {
        flag(t.index, 'outside_recording', `${speaker} utterance ends at ${fmt(u.endMs)}, after the recording ends at ${fmt(recordingDurationMs)}`,
          u.startMs, u.endMs, { speaker, endMs: u.endMs, recordingDurationMs });
      }
    }
  }
  for (const s of call.spans) {
    if (s.startMs !== null && s.endMs !== null && s.endMs < s.startMs) {
      flag(s.turnIndex, 'negative_duration', `span "${s.name}" ends ${Math.round(s.startMs - s.endMs)} ms before it starts`,
        s.endMs, s.startMs, { span: s.name, startMs: s.startMs, endMs: s.endMs });
    }
  }
  return flags;
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/**
 * Importers report mismatches they worked around (12 latency values for 9 turns, turns lost, spans outside
 * any turn) as warning notes; each also becomes a flag so it shows on the call and can be jumped to.
 */
export function noteFlags(notes: readonly ImportNote[]): FlagDraft[] {
  return notes
    .filter((n) => n.level === 'warning')
    .map((n) => {
      const turn = /^turn (\d+)\b/i.exec(n.message);
      return {
        kind: 'import_warning',
        severity: 'warning' as const,
        turnIndex: turn ? Number(turn[1]) : null,
        startMs: null,
        endMs: null,
        detail: n.message,
        evidence: {},
        source: 'import' as const,
      };
    });
}
