import type { Utterance, Word } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import { type JsonAt, parseJsonText } from '../livekit-report/common-json';
import { plural, ToolCallJoin, type SequenceItem } from '../livekit-report/common-turns';

/** How far `time − startedAt` may drift from `secondsFromStart` before we say the clocks disagree. */
const CLOCK_DISAGREEMENT_MS = 1000;

/**
 * Turns Vapi's `messages[]` into the shared sequence. Times: `secondsFromStart` is the call's own clock and
 * gives the start; the end is start + (endTime − time), both epoch ms. The `duration` field is ignored:
 * the schema says seconds but payloads carry milliseconds.
 */
export function readVapiMessages(messages: JsonAt[], startedAtMs: number | null, notes: ImportNote[]): SequenceItem[] {
  const join = new ToolCallJoin();
  const sequence: SequenceItem[] = [];
  const skippedRoles = new Map<string, number>();
  let worstDrift = 0;
  let confidenceKey: string | null = null;

  for (const m of messages) {
    m.object();
    const role = m.get('role').string();
    const time = m.get('time').optNumber();
    const fromStart = m.get('secondsFromStart').optNumber();
    if (fromStart !== null && time !== null && startedAtMs !== null) {
      worstDrift = Math.max(worstDrift, Math.abs(time - startedAtMs - fromStart * 1000));
    }
    const startMs = fromStart !== null ? Math.round(fromStart * 1000) : time !== null && startedAtMs !== null ? time - startedAtMs : null;
    const endTime = m.get('endTime').optNumber();
    const endMs = endTime === null ? null : startMs !== null && time !== null ? startMs + (endTime - time) : startedAtMs !== null ? endTime - startedAtMs : null;

    if (role === 'user' || role === 'bot' || role === 'assistant') {
      const found = role === 'user' ? confidenceWords(m.get('metadata')) : null;
      if (found) confidenceKey ??= found.key;
      const utterance: Utterance = { text: (m.get('message').optString() ?? '').trim(), startMs, endMs, words: found?.words ?? [] };
      sequence.push({ kind: role === 'user' ? 'caller' : 'agent', utterance });
    } else if (role === 'tool_calls') {
      for (const tc of m.get('toolCalls').optItems() ?? []) {
        const fn = tc.object().get('function').object();
        sequence.push({ kind: 'tool', call: join.call(tc.get('id').optId(), fn.get('name').string(), jsonish(fn.get('arguments')), startMs) });
      }
    } else if (role === 'tool_call_result') {
      join.result(m.get('toolCallId').optId(), jsonish(m.get('result')), startMs);
    } else skippedRoles.set(role, (skippedRoles.get(role) ?? 0) + 1);
  }

  join.notes(notes);
  const others = [...skippedRoles].filter(([r]) => r !== 'system');
  if (others.length > 0) notes.push({ level: 'info', message: `messages with roles ${others.map(([r, n]) => `${r} (${n})`).join(', ')} left out` });
  if (worstDrift > CLOCK_DISAGREEMENT_MS) {
    notes.push({ level: 'warning', message: `secondsFromStart and time − startedAt disagree by up to ${Math.round(worstDrift)} ms: times follow secondsFromStart (its zero is UNVERIFIED)` });
  }
  notes.push(
    confidenceKey
      ? { level: 'warning', message: `word confidences read from user message metadata.${confidenceKey}: Vapi does not document this shape (UNVERIFIED); its word times are not used` }
      : { level: 'info', message: 'no word confidences: Vapi exports none (user message metadata carries no word list)' },
  );
  return sequence;
}

/** Arguments and results arrive as JSON text or, from some tools, already as objects. */
function jsonish(v: JsonAt): unknown {
  if (!v.present) return null;
  return typeof v.value === 'string' ? parseJsonText(v.value) : v.value;
}

/**
 * Vapi says user message `metadata` stores "the transcriber's word level confidence" without giving its
 * shape. We take the first list in it whose entries name a word and a 0..1 confidence; anything else is
 * left alone rather than guessed at. Word times stay null: their clock is the transcriber's, not the call's.
 */
function confidenceWords(meta: JsonAt): { key: string; words: Word[] } | null {
  for (const key of meta.keys()) {
    const list = meta.get(key).value;
    if (!Array.isArray(list) || list.length === 0) continue;
    const words: Word[] = [];
    for (const entry of list as unknown[]) {
      if (typeof entry !== 'object' || entry === null) break;
      const e = entry as Record<string, unknown>;
      const text = typeof e.punctuated_word === 'string' ? e.punctuated_word : e.word;
      if (typeof text !== 'string' || typeof e.confidence !== 'number' || e.confidence < 0 || e.confidence > 1) break;
      words.push({ text, startMs: null, endMs: null, confidence: e.confidence });
    }
    if (words.length === list.length) return { key, words };
  }
  return null;
}
