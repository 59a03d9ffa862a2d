import type { StageTimings, ToolCall, Turn, Utterance } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../../shared/model/normalized';
import type { AdaptedCall, SourceFile } from '../trace-adapter';

/*
 * Turn building shared by the provider adapters (LiveKit report, Vapi, Retell): they all export a flat,
 * ordered list of utterances and tool events, and per-turn latencies without turn ids.
 */

export type SequenceItem =
  | { kind: 'caller' | 'agent'; utterance: Utterance; timings?: Partial<StageTimings> }
  | { kind: 'tool'; call: ToolCall }
  /** Something that ends the open turn without joining it (a transfer target speaking). */
  | { kind: 'break' };

export const NO_TIMINGS: Readonly<StageTimings> = {
  sttMs: null,
  llmMs: null,
  ttsMs: null,
  overheadMs: null,
  endToEndMs: null,
  timeToFirstWordMs: null,
};

export const secondsToMs = (s: number | null): number | null => (s === null ? null : Math.round(s * 1000));

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Groups an ordered conversation into turns: a turn is the caller speaking plus the agent's reply to it.
 * Consecutive pieces by the same side join (providers split one utterance around pauses and tool calls); an
 * agent line with no caller before it (the greeting) is a turn with only the agent side; tool calls belong
 * to the turn in progress. `turnOf[i]` is the turn index item i went into (null for breaks).
 */
export function buildTurns(items: readonly SequenceItem[]): { turns: Turn[]; turnOf: (number | null)[] } {
  const turns: Turn[] = [];
  const turnOf: (number | null)[] = [];
  let open: Turn | null = null;
  const start = (): Turn => {
    const t: Turn = {
      index: turns.length,
      caller: null,
      agent: null,
      referenceText: null,
      intent: null,
      expectedIntent: null,
      timings: { ...NO_TIMINGS },
      toolCalls: [],
    };
    turns.push(t);
    return t;
  };
  for (const item of items) {
    if (item.kind === 'break') {
      open = null;
      turnOf.push(null);
      continue;
    }
    if (item.kind === 'tool') {
      open ??= start();
      open.toolCalls.push(item.call);
    } else if (item.kind === 'caller') {
      // Once the agent has answered (spoken or called a tool), the caller speaking again opens a new turn.
      if (!open || open.agent || open.toolCalls.length > 0) open = start();
      open.caller = open.caller ? joinUtterances(open.caller, item.utterance) : item.utterance;
    } else {
      open ??= start();
      open.agent = open.agent ? joinUtterances(open.agent, item.utterance) : item.utterance;
    }
    if (item.kind !== 'tool' && item.timings) fillTimings(open.timings, item.timings);
    turnOf.push(open.index);
  }
  return { turns, turnOf };
}

function joinUtterances(a: Utterance, b: Utterance): Utterance {
  return {
    text: [a.text, b.text].filter((s) => s.length > 0).join(' '),
    startMs: a.startMs ?? b.startMs,
    endMs: b.endMs ?? a.endMs,
    words: [...a.words, ...b.words],
  };
}

/** First value wins: the first piece of a reply carries the latency to its first word. */
function fillTimings(into: StageTimings, from: Partial<StageTimings>): void {
  for (const key of Object.keys(NO_TIMINGS) as (keyof StageTimings)[]) {
    const v = from[key];
    if (into[key] === null && v !== undefined && v !== null) into[key] = v;
  }
}

/** Tool calls matched to their results by id, whichever turn each landed in. */
export class ToolCallJoin {
  private readonly byId = new Map<string, ToolCall>();
  private readonly calls: ToolCall[] = [];
  private orphans = 0;

  call(id: string | null, name: string, args: unknown, startMs: number | null): ToolCall {
    const call: ToolCall = { id, name, arguments: args, result: null, startMs, endMs: null };
    if (id !== null) this.byId.set(id, call);
    this.calls.push(call);
    return call;
  }

  result(id: string | null, result: unknown, endMs: number | null): void {
    const call = id === null ? undefined : this.byId.get(id);
    if (!call) {
      this.orphans++;
      return;
    }
    call.result = result;
    call.endMs = endMs;
  }

  notes(notes: ImportNote[]): void {
    const calls = this.calls;
    if (calls.length > 0) {
      const answered = calls.filter((c) => c.result !== null).length;
      notes.push({ level: 'info', message: `${plural(calls.length, 'tool call')}, ${answered} with results (matched by id)` });
    }
    if (this.orphans > 0) notes.push({ level: 'warning', message: `${plural(this.orphans, 'tool result')} with no matching tool call id: left out` });
  }
}

export interface LatencySeries<T> {
  /** Where the values came from, as the provider names it ("latency.e2e.values"). */
  label: string;
  values: readonly T[];
  apply(turn: Turn, value: T): void;
}

/**
 * Providers list per-turn latencies in turn order without saying which turn each belongs to. Values go to
 * the turns `eligible` picks, first to first; a count mismatch keeps what lines up and says so.
 */
export function alignByOrder<T>(turns: readonly Turn[], eligible: (t: Turn) => boolean, s: LatencySeries<T>, notes: ImportNote[]): void {
  const targets = turns.filter(eligible);
  const n = s.values.length;
  const m = targets.length;
  targets.forEach((t, i) => {
    const v = s.values[i];
    if (v !== undefined) s.apply(t, v);
  });
  if (n === 0) return;
  if (n === m) notes.push({ level: 'info', message: `${s.label}: per-turn latency aligned by order: ${plural(n, 'value')} for ${plural(m, 'turn')}` });
  else if (m === 0) notes.push({ level: 'warning', message: `${s.label}: ${plural(n, 'latency value')} but no caller turn answered by the agent: values unused` });
  else if (n < m) {
    notes.push({ level: 'warning', message: `${s.label}: ${plural(n, 'latency value')} for ${plural(m, 'turn')}: aligned by order, last ${plural(m - n, 'turn')} without latency` });
  } else {
    notes.push({ level: 'warning', message: `${s.label}: ${plural(n, 'latency value')} for ${plural(m, 'turn')}: aligned by order, last ${plural(n - m, 'value')} unused` });
  }
}

/**
 * Overhead is what end-to-end leaves after STT, LLM and TTS. When the stages sum to more (preemptive
 * generation overlaps them) there is no meaningful remainder, so it stays unset rather than negative.
 */
export function deriveOverhead(turns: readonly Turn[], notes: ImportNote[]): void {
  let derived = 0;
  const overlapping: number[] = [];
  for (const t of turns) {
    const { sttMs, llmMs, ttsMs, endToEndMs, overheadMs } = t.timings;
    if (overheadMs !== null || sttMs === null || llmMs === null || ttsMs === null || endToEndMs === null) continue;
    const rest = endToEndMs - sttMs - llmMs - ttsMs;
    if (rest >= 0) {
      t.timings.overheadMs = Math.round(rest);
      derived++;
    } else overlapping.push(t.index);
  }
  if (derived > 0) notes.push({ level: 'info', message: `overhead derived as end-to-end minus STT, LLM and TTS for ${plural(derived, 'turn')}` });
  if (overlapping.length > 0) {
    notes.push({ level: 'info', message: `overhead left unset for turn${overlapping.length === 1 ? '' : 's'} ${overlapping.join(', ')}: STT + LLM + TTS exceed end-to-end (the stages overlap)` });
  }
}

/** What the turns ended up with, so a missing value is never mistaken for a good one. */
export function coverageNotes(turns: readonly Turn[], notes: ImportNote[]): void {
  const callerTurns = turns.filter((t) => t.caller);
  const agentTurns = turns.filter((t) => t.agent);
  notes.push({ level: 'info', message: `${plural(turns.length, 'turn')}: ${callerTurns.length} with caller speech, ${agentTurns.length} with agent speech` });
  const withWords = callerTurns.filter((t) => t.caller!.words.length > 0).length;
  if (withWords > 0) notes.push({ level: 'info', message: `caller word times for ${withWords} of ${callerTurns.length} caller turns` });
  const timed = turns.filter((t) => t.timings.endToEndMs !== null).length;
  notes.push({ level: 'info', message: `end-to-end latency for ${timed} of ${turns.length} turns` });
}


/**
 * Reads files one call each. A file that fails goes to `failed` and the rest still import. Two files for the
 * same call (a webhook and the fetched call object, or several webhook events) keep the more complete one by
 * `completeness`, so a later, poorer copy never overwrites a richer one.
 */
export function readPerFile(
  files: readonly SourceFile[],
  readOne: (f: SourceFile) => NormalizedCall,
  completeness: (c: NormalizedCall) => number,
): { calls: AdaptedCall[]; failed: { path: string; error: string }[] } {
  const byId = new Map<string, AdaptedCall>();
  const failed: { path: string; error: string }[] = [];
  for (const f of files) {
    let call: NormalizedCall;
    try {
      call = readOne(f);
    } catch (err) {
      failed.push({ path: f.path, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const prev = byId.get(call.externalId);
    if (!prev) {
      byId.set(call.externalId, { call, sourcePaths: [f.path] });
      continue;
    }
    const keepNew = completeness(call) > completeness(prev.call);
    const [kept, dropped] = keepNew ? [{ call, sourcePaths: [f.path] }, prev] : [prev, { call, sourcePaths: [f.path] }];
    kept.call.notes.push({ level: 'info', message: `same call also in ${dropped.sourcePaths[0]}: kept the more complete ${kept.sourcePaths[0]}` });
    byId.set(call.externalId, kept);
  }
  return { calls: [...byId.values()], failed };
}
