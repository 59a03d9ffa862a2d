/**
 * A call as annotation tiers, the common ground of ELAN, Praat and Audacity: caller (what the recognizer
 * heard), caller words, caller reference (what was really said), agent, tool calls, response latency and
 * the analysis's flags. Times are whole milliseconds on the recording's timeline; untimed and empty items
 * are left out (an annotation tool needs a place and a label). Within a tier annotations never overlap, as ELAN's
 * top-level tiers and Praat's interval tiers require: speech that overlaps its neighbour starts where the
 * neighbour ends; flags and tool calls that overlap go to a second lane ("flags 2").
 */
import type { Flag, Turn } from '../model/call';
import { endToEndOf } from '../analysis/latency';

export interface Annotation {
  startMs: number;
  endMs: number;
  text: string;
}

export interface Tier {
  id: string;
  participant: 'caller' | 'agent' | null;
  /** Linguistic type, for ELAN: utterances, words, notes. */
  type: 'utterance' | 'word' | 'note';
  annotations: Annotation[];
}

export interface ExchangeCall {
  id: string;
  durationMs: number | null;
  turns: readonly Turn[];
  flags: readonly Flag[];
  /** Duration of the recording, when longer than the call's own. */
  recordingDurationMs?: number | null;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function timed(startMs: number | null, endMs: number | null, text: string): Annotation | null {
  if (oneLine(text) === '') return null;
  if (startMs === null || endMs === null || !Number.isFinite(startMs) || !Number.isFinite(endMs)) return null;
  const s = Math.max(0, Math.round(startMs));
  // A moment (a flag at one instant) becomes a 1 ms interval: interval tiers cannot hold zero length.
  const e = Math.max(s + 1, Math.round(endMs));
  return { startMs: s, endMs: e, text: oneLine(text) };
}

/** Speech: sorted, each starting no earlier than the previous ends; what is left empty is dropped. */
function sequential(items: Array<Annotation | null>): Annotation[] {
  const out: Annotation[] = [];
  for (const a of items.filter((x): x is Annotation => x !== null).sort((x, y) => x.startMs - y.startMs || x.endMs - y.endMs)) {
    const prev = out[out.length - 1];
    const start = prev ? Math.max(a.startMs, prev.endMs) : a.startMs;
    if (a.endMs > start) out.push({ ...a, startMs: start });
  }
  return out;
}

/** Notes: sorted into as many lanes as needed so none overlaps another in its lane. */
function lanes(items: Array<Annotation | null>): Annotation[][] {
  const out: Annotation[][] = [];
  for (const a of items.filter((x): x is Annotation => x !== null).sort((x, y) => x.startMs - y.startMs || x.endMs - y.endMs)) {
    const lane = out.find((l) => l[l.length - 1]!.endMs <= a.startMs);
    if (lane) lane.push(a);
    else out.push([a]);
  }
  return out;
}

function laneTiers(id: string, items: Array<Annotation | null>): Tier[] {
  const ls = lanes(items);
  return (ls.length ? ls : [[]]).map((annotations, i) => ({ id: i === 0 ? id : `${id} ${i + 1}`, participant: null, type: 'note', annotations }));
}

export function callTiers(call: ExchangeCall): Tier[] {
  const turns = [...call.turns].sort((a, b) => a.index - b.index);
  const caller = turns.map((t) => (t.caller ? timed(t.caller.startMs, t.caller.endMs, t.caller.text) : null));
  const words = turns.flatMap((t) => (t.caller?.words ?? []).map((w) => timed(w.startMs, w.endMs, w.text)));
  const reference = turns.map((t) => (t.caller && t.referenceText ? timed(t.caller.startMs, t.caller.endMs, t.referenceText) : null));
  const agent = turns.map((t) => (t.agent ? timed(t.agent.startMs, t.agent.endMs, t.agent.text) : null));
  const tools = turns.flatMap((t) => t.toolCalls.map((c) => timed(c.startMs, c.endMs, c.name)));
  const latency = turns.map((t) => {
    const e2e = endToEndOf(t.timings).ms;
    return e2e === null ? null : timed(t.caller?.endMs ?? null, t.agent?.startMs ?? null, `end to end ${Math.round(e2e)} ms`);
  });
  const flags = call.flags.map((f) => timed(f.startMs, f.endMs, `${f.severity} ${f.kind}: ${f.detail}`));
  return [
    { id: 'caller', participant: 'caller', type: 'utterance', annotations: sequential(caller) },
    { id: 'caller words', participant: 'caller', type: 'word', annotations: sequential(words) },
    { id: 'caller reference', participant: 'caller', type: 'utterance', annotations: sequential(reference) },
    { id: 'agent', participant: 'agent', type: 'utterance', annotations: sequential(agent) },
    ...laneTiers('tool calls', tools),
    { id: 'latency', participant: null, type: 'note', annotations: sequential(latency) },
    ...laneTiers('flags', flags),
  ];
}

/** The end of the timeline: the call, the recording or the last annotation, whichever is latest. */
export function timelineEndMs(call: ExchangeCall, tiers: readonly Tier[]): number {
  const last = Math.max(0, ...tiers.flatMap((t) => t.annotations.map((a) => a.endMs)));
  return Math.max(last, Math.round(call.durationMs ?? 0), Math.round(call.recordingDurationMs ?? 0));
}
