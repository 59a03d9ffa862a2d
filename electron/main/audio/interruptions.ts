/**
 * Caller and agent speaking at once. Whoever started second interrupted: a caller who starts while the
 * agent is talking is a barge-in (often frustration, or the agent's own voice leaking back, see echo);
 * an agent that starts while the caller is talking is talking over the caller (an endpointing bug).
 */
import type { Span } from './spans';

export type OverlapKind = 'caller_barge_in' | 'agent_talk_over';

export interface Overlap {
  kind: OverlapKind;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** Who yielded first (stopped speaking while the other went on), or null if both stopped together. */
  yielded: 'caller' | 'agent' | null;
}

export function findOverlaps(caller: readonly Span[], agent: readonly Span[], minMs: number): Overlap[] {
  const out: Overlap[] = [];
  let j = 0;
  for (const c of caller) {
    while (j < agent.length && agent[j]!.endMs <= c.startMs) j++;
    for (let k = j; k < agent.length && agent[k]!.startMs < c.endMs; k++) {
      const a = agent[k]!;
      const startMs = Math.max(c.startMs, a.startMs);
      const endMs = Math.min(c.endMs, a.endMs);
      if (endMs - startMs < minMs) continue;
      const callerSecond = c.startMs > a.startMs;
      const diff = c.endMs - a.endMs;
      out.push({
        kind: callerSecond ? 'caller_barge_in' : 'agent_talk_over',
        startMs,
        endMs,
        durationMs: endMs - startMs,
        yielded: Math.abs(diff) < 50 ? null : diff < 0 ? 'caller' : 'agent',
      });
    }
  }
  return out.sort((x, y) => x.startMs - y.startMs);
}
