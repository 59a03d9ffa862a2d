import type { Turn } from './call';

/** Where a turn sits on the recording: from the caller's first sound (or the agent's, if the caller said nothing) to the end of the reply. */
export function turnSpan(turn: Turn): { startMs: number; endMs: number } | null {
  const start = turn.caller?.startMs ?? turn.agent?.startMs ?? null;
  const end = turn.agent?.endMs ?? turn.caller?.endMs ?? null;
  if (start === null || end === null) return null;
  return { startMs: start, endMs: Math.max(start, end) };
}

/** The turn the playhead is in: the last turn that has started by `ms`. */
export function turnAt(turns: readonly Turn[], ms: number): Turn | null {
  let found: Turn | null = null;
  for (const t of turns) {
    const span = turnSpan(t);
    if (span && span.startMs <= ms) found = t;
  }
  return found;
}
