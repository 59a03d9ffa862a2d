/**
 * Which channel is the caller and which the agent, when the trace does not say: the channel whose speech
 * lines up with the trace's caller utterances is the caller. Agreement is the share of the trace's
 * utterance time that the channel's speech covers; confidence compares the best assignment with the
 * next best, so two channels that both match everything (a mono mix copied to both) give a confidence
 * near 0 rather than a confident guess.
 */
import type { ChannelRoles, Turn } from '../../../shared/model/call';
import { coveredMs, type Span } from './spans';

export type RoleSource = 'trace' | 'detected' | 'user' | 'none';

export interface ResolvedRoles extends ChannelRoles {
  source: RoleSource;
  /** 0..1; 1 for roles the trace or the user gave. */
  confidence: number;
}

function utteranceSpans(turns: readonly Turn[], who: 'caller' | 'agent'): Span[] {
  const out: Span[] = [];
  for (const t of turns) {
    const u = t[who];
    if (u?.startMs != null && u.endMs != null && u.endMs > u.startMs) out.push({ startMs: u.startMs, endMs: u.endMs });
  }
  return out;
}

function agreement(segments: readonly Span[], spans: readonly Span[]): number {
  const total = spans.reduce((s, x) => s + (x.endMs - x.startMs), 0);
  if (total === 0) return 0;
  return spans.reduce((s, x) => s + coveredMs(segments, x), 0) / total;
}

/** Best caller/agent pair among the channels, from speech segments per channel and the trace's turns. */
export function detectRoles(segmentsByChannel: readonly (readonly Span[])[], turns: readonly Turn[]): ResolvedRoles {
  const n = segmentsByChannel.length;
  if (n < 2) return { caller: null, agent: null, source: 'none', confidence: 0 };
  const callerSpans = utteranceSpans(turns, 'caller');
  const agentSpans = utteranceSpans(turns, 'agent');
  if (callerSpans.length === 0 && agentSpans.length === 0) {
    // No times to compare with: the agent usually speaks first (the greeting). A weak guess, said so.
    const first = segmentsByChannel
      .map((s, ch) => ({ ch, at: s[0]?.startMs ?? Infinity }))
      .sort((a, b) => a.at - b.at);
    if (!Number.isFinite(first[0]!.at)) return { caller: null, agent: null, source: 'none', confidence: 0 };
    return { caller: first[1]!.ch, agent: first[0]!.ch, source: 'detected', confidence: 0.2 };
  }
  const score = (caller: number, agent: number): number =>
    (agreement(segmentsByChannel[caller]!, callerSpans) + agreement(segmentsByChannel[agent]!, agentSpans)) / 2 -
    (agreement(segmentsByChannel[caller]!, agentSpans) + agreement(segmentsByChannel[agent]!, callerSpans)) / 2;
  const pairs: { caller: number; agent: number; s: number }[] = [];
  for (let c = 0; c < n; c++) for (let a = 0; a < n; a++) if (c !== a) pairs.push({ caller: c, agent: a, s: score(c, a) });
  pairs.sort((x, y) => y.s - x.s);
  const best = pairs[0]!;
  if (best.s <= 0) return { caller: null, agent: null, source: 'none', confidence: 0 };
  // With two channels the runner-up is the swap (scoring -best), so confidence is the best's own margin.
  const confidence = Math.max(0, Math.min(1, best.s - Math.max(0, pairs[1]!.s)));
  return { caller: best.caller, agent: best.agent, source: 'detected', confidence };
}

/** The same recording with caller and agent exchanged (what the user asks for when detection got it wrong). */
export function swapRoles(roles: ChannelRoles): ResolvedRoles {
  return { caller: roles.agent, agent: roles.caller, source: 'user', confidence: 1 };
}

/** Roles to analyse with: the trace's when it names them, else detected (if confident enough), else none. */
export function resolveRoles(
  fromTrace: ChannelRoles,
  segmentsByChannel: readonly (readonly Span[])[],
  turns: readonly Turn[],
  minConfidence: number,
): ResolvedRoles {
  if (fromTrace.caller !== null && fromTrace.agent !== null) return { ...fromTrace, source: 'trace', confidence: 1 };
  const detected = detectRoles(segmentsByChannel, turns);
  if (detected.source === 'none') return detected;
  // One role given by the trace: keep it and take the other from detection if it does not clash.
  if (fromTrace.caller !== null || fromTrace.agent !== null) {
    const caller = fromTrace.caller ?? (detected.agent !== fromTrace.agent ? detected.caller : detected.agent);
    const agent = fromTrace.agent ?? (detected.caller !== fromTrace.caller ? detected.agent : detected.caller);
    return { caller, agent, source: 'detected', confidence: detected.confidence };
  }
  return detected.confidence >= minConfidence ? detected : { caller: null, agent: null, source: 'none', confidence: detected.confidence };
}
