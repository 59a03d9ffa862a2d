/**
 * Conversation patterns that signal a failing call: the caller repeating themselves, the agent
 * re-asking for something already given (reask.ts), fallback responses, and escalation.
 * Text comparisons run on `turnscope-default`-normalized text so punctuation, case and number
 * spelling do not hide a repeat.
 */

import levenshtein from 'fast-levenshtein';
import type { CallOutcome } from '../model/call';
import { normalizeText } from './normalize/normalize';

export { askedItems, findAgentReasks, providedItems, ITEM_FAMILIES, type AgentReask, type ItemFamily, type ReaskTurn } from './reask';

/** 1 − Levenshtein distance / length of the longer string; 1 for two empty strings. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - levenshtein.get(a, b) / longest;
}

const norm = (text: string): string => normalizeText(text, 'turnscope-default');

export interface CallerRepetition {
  turnIndex: number;
  /** The most similar earlier caller turn. */
  earlierTurnIndex: number;
  similarity: number;
  text: string;
  earlierText: string;
}

/**
 * A caller turn is a repetition when its normalized text is at least `threshold` similar (default
 * 0.8) to an earlier caller turn. Utterances shorter than `minChars` normalized characters (default
 * 8) are ignored: saying "yes" twice is conversation, not frustration.
 */
export function findCallerRepetitions(
  callerTurns: ReadonlyArray<{ index: number; text: string }>,
  options: { threshold?: number; minChars?: number } = {},
): CallerRepetition[] {
  const threshold = options.threshold ?? 0.8;
  const minChars = options.minChars ?? 8;
  const seen: Array<{ index: number; text: string; norm: string }> = [];
  const out: CallerRepetition[] = [];
  for (const t of [...callerTurns].sort((a, b) => a.index - b.index)) {
    const n = norm(t.text);
    if (n.length >= minChars) {
      let best: { index: number; text: string; sim: number } | null = null;
      for (const s of seen) {
        const sim = similarity(n, s.norm);
        if (!best || sim > best.sim) best = { index: s.index, text: s.text, sim };
      }
      if (best && best.sim >= threshold) {
        out.push({ turnIndex: t.index, earlierTurnIndex: best.index, similarity: best.sim, text: t.text, earlierText: best.text });
      }
    }
    seen.push({ index: t.index, text: t.text, norm: n });
  }
  return out;
}

export const DEFAULT_FALLBACK_PHRASES: readonly string[] = [
  "i didn't catch that", "i didn't quite catch that", 'could you repeat that', 'can you repeat that',
  'could you say that again', "sorry i didn't understand", "i didn't understand", "i'm sorry i didn't get that",
  "i'm not sure i understand", 'i missed that', 'please repeat',
];

export interface FallbackMatch {
  phrase: string;
  similarity: number;
  /** The stretch of the (normalized) agent text that matched. */
  matched: string;
}

/**
 * Best fuzzy match of any fallback phrase inside the agent text: every window of the phrase's word
 * count ±1 is compared; a match needs similarity ≥ `threshold` (default 0.8). Null when none.
 */
export function matchFallback(agentText: string, phrases: readonly string[] = DEFAULT_FALLBACK_PHRASES, threshold = 0.8): FallbackMatch | null {
  const words = norm(agentText).split(' ').filter(Boolean);
  let best: FallbackMatch | null = null;
  for (const phrase of phrases) {
    const p = norm(phrase);
    const k = p.split(' ').length;
    for (let size = Math.max(1, k - 1); size <= k + 1; size++) {
      for (let i = 0; i + size <= words.length; i++) {
        const window = words.slice(i, i + size).join(' ');
        const sim = similarity(window, p);
        if (sim >= threshold && (!best || sim > best.similarity)) best = { phrase, similarity: sim, matched: window };
      }
    }
  }
  return best;
}

export interface EscalationEvent {
  /** Null for an escalation known only from the call outcome. */
  turnIndex: number | null;
  source: 'tool_call' | 'outcome';
  toolName: string | null;
}

export const DEFAULT_ESCALATION_TOOL_PATTERN = 'transfer|escalat|hand_?off|human|live_?agent|operator|specialist';

/**
 * Escalations: tool calls whose name looks like a transfer (pattern, case-insensitive) and, when no
 * such call exists, the call outcome 'escalated' as one call-level event.
 */
export function findEscalations(
  turns: ReadonlyArray<{ index: number; toolCalls: ReadonlyArray<{ name: string }> }>,
  outcome: CallOutcome,
  pattern: string = DEFAULT_ESCALATION_TOOL_PATTERN,
): EscalationEvent[] {
  const re = new RegExp(pattern, 'i');
  const events: EscalationEvent[] = [];
  for (const t of turns) for (const c of t.toolCalls) if (re.test(c.name)) events.push({ turnIndex: t.index, source: 'tool_call', toolName: c.name });
  if (events.length === 0 && outcome === 'escalated') events.push({ turnIndex: null, source: 'outcome', toolName: null });
  return events;
}
