import type { AsrChannel, AsrTranscript } from '../../../../shared/model/asr';
import type { Turn, Word } from '../../../../shared/model/call';
import type { ImportNote } from '../../../../shared/model/dto';

// Pure: no Node, DOM or Electron imports, so this can move to shared/analysis unchanged.

export interface AsrRoles {
  /** The recording channel carrying the caller, when the recording's roles are known. */
  callerChannel: number | null;
}

export interface AttachOptions {
  /**
   * A word on a separated caller channel (or speaker) that misses every caller span by at most this much is
   * attached to the nearest one: trace spans and recognizer word times disagree by a few hundred ms at the
   * edges. Never applied to a mixed single-channel transcript, where the gaps hold the agent's words.
   */
  edgeToleranceMs?: number;
}

export const DEFAULT_EDGE_TOLERANCE_MS = 250;

const ENGINE_NAMES: Record<AsrTranscript['engine'], string> = {
  deepgram: 'Deepgram',
  whisper: 'Whisper',
  'aws-transcribe': 'AWS Transcribe',
  assemblyai: 'AssemblyAI',
};

/** Speaker labels that name the caller's role outright (AWS Call Analytics `ParticipantRole`). */
const CALLER_ROLE_LABELS: ReadonlySet<string> = new Set(['CUSTOMER']);
const AGENT_ROLE_LABELS: ReadonlySet<string> = new Set(['AGENT']);

/** When the runner-up's overlap is at least this share of the winner's, the caller choice is flagged as uncertain. */
const AMBIGUOUS_SHARE = 0.5;

interface CallerSpan {
  /** Position of the turn in the input array. */
  pos: number;
  startMs: number;
  endMs: number;
}

/**
 * Lays a recognizer's words onto a call's caller turns, by time: each timed word goes to the caller span
 * (caller.startMs..endMs) it overlaps most. The caller's words come from one transcript entry: the entry
 * the engine itself labels as the customer; else the recording's caller channel (`roles`); else, with a
 * note, the entry whose words overlap the caller spans most.
 *
 * A turn that already has caller words keeps them (noted); otherwise it gets the recognized words, and its
 * caller text when the trace had none. The input is not modified. The notes start with the transcript's
 * own reader notes (prefixed with the engine name), so callers add only these.
 */
export function attachAsrWords(
  turns: readonly Turn[],
  transcript: AsrTranscript,
  roles: AsrRoles,
  options: AttachOptions = {},
): { turns: Turn[]; notes: ImportNote[] } {
  const engine = ENGINE_NAMES[transcript.engine];
  const tolerance = options.edgeToleranceMs ?? DEFAULT_EDGE_TOLERANCE_MS;
  const notes: ImportNote[] = transcript.notes.map((m) => ({ level: 'info', message: `${engine}: ${m}` }));
  const info = (message: string): void => void notes.push({ level: 'info', message: `${engine}: ${message}` });
  const warn = (message: string): void => void notes.push({ level: 'warning', message: `${engine}: ${message}` });

  const callerTurnCount = turns.filter((t) => t.caller !== null).length;
  const coverage = (n: number): void => void notes.push({ level: 'info', message: `${engine} words for ${n} of ${callerTurnCount} caller turns` });
  const spans: CallerSpan[] = [];
  const untimedTurns: number[] = [];
  turns.forEach((t, pos) => {
    const c = t.caller;
    if (!c) return;
    if (c.startMs === null || c.endMs === null) untimedTurns.push(t.index);
    else spans.push({ pos, startMs: c.startMs, endMs: Math.max(c.startMs, c.endMs) });
  });
  spans.sort((a, b) => a.startMs - b.startMs || a.pos - b.pos);
  if (untimedTurns.length > 0) warn(`${turnList(untimedTurns)}: the caller has no start or end time, so no words can be placed there`);
  if (spans.length === 0) {
    if (callerTurnCount === 0) info('the call has no caller turns: nothing to attach');
    coverage(0);
    return { turns: [...turns], notes };
  }

  const source = chooseCallerSource(transcript, spans, roles, info, warn);
  if (!source) {
    coverage(0);
    return { turns: [...turns], notes };
  }

  const assigned = new Map<number, Word[]>();
  const outside: Word[] = [];
  let nearEdge = 0;
  let untimedWords = 0;
  for (const w of source.entry.words) {
    if (w.startMs === null) {
      untimedWords++;
      continue;
    }
    const { s, e } = extent(w, w.startMs);
    let span = bestOverlap(s, e, spans);
    if (!span && !source.mixed && tolerance > 0) {
      span = nearestWithin(s, e, spans, tolerance);
      if (span) nearEdge++;
    }
    if (!span) {
      outside.push(w);
      continue;
    }
    const list = assigned.get(span.pos);
    if (list) list.push({ ...w });
    else assigned.set(span.pos, [{ ...w }]);
  }

  let attached = 0;
  const kept: number[] = [];
  let keptWords = 0;
  const textFilled: number[] = [];
  const empty: number[] = [];
  const out = turns.map((t, pos): Turn => {
    const words = assigned.get(pos);
    if (!t.caller) return t;
    if (!words) {
      if (t.caller.startMs !== null && t.caller.endMs !== null) empty.push(t.index);
      return t;
    }
    if (t.caller.words.length > 0) {
      kept.push(t.index);
      keptWords += words.length;
      return t;
    }
    words.sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0));
    attached++;
    let text = t.caller.text;
    if (text.trim() === '') {
      text = words.map((w) => w.text).join(' ');
      textFilled.push(t.index);
    }
    return { ...t, caller: { ...t.caller, words, text } };
  });

  if (kept.length > 0) info(`${turnList(kept)} already had caller words from the trace: kept them (${count(keptWords, 'recognized word')} not attached)`);
  if (textFilled.length > 0) info(`caller text of ${turnList(textFilled)} taken from the recognized words (the trace had none)`);
  if (empty.length > 0) info(`no recognized words inside the caller span of ${turnList(empty)}`);
  if (nearEdge > 0) info(`${count(nearEdge, 'word')} within ${tolerance} ms of a caller turn's edge attached to it`);
  if (untimedWords > 0) info(`${count(untimedWords, 'word')} without times not attached`);
  if (outside.length > 0) {
    const timed = source.entry.words.length - untimedWords;
    const first = outside.reduce((m, w) => Math.min(m, w.startMs ?? Infinity), Infinity);
    const where = `${outside.length} of ${timed} words from ${describeEntry(source.entry)} fall outside every caller turn (first at ${seconds(first)}) and were not attached`;
    if (source.mixed) info(`${where}: in a single-channel transcript most of them are the agent's`);
    else warn(`${where}: the trace may lack caller turns, or its times may be offset from the audio`);
  }
  coverage(attached);
  return { turns: out, notes };
}

interface CallerSource {
  entry: AsrChannel;
  /** Caller and agent words in one entry: only words inside caller spans can be the caller's. */
  mixed: boolean;
}

function chooseCallerSource(
  transcript: AsrTranscript,
  spans: readonly CallerSpan[],
  roles: AsrRoles,
  info: (m: string) => void,
  warn: (m: string) => void,
): CallerSource | null {
  const candidates = transcript.channels.filter((c) => c.words.some((w) => w.startMs !== null));
  if (candidates.length === 0) {
    warn('the transcript has no timed words: nothing attached');
    return null;
  }
  const byRole = candidates.find((c) => c.speaker !== null && CALLER_ROLE_LABELS.has(c.speaker));
  if (byRole) {
    info(`caller words from participant ${byRole.speaker ?? ''} (the engine's own role label)`);
    if (byRole.channel !== null && roles.callerChannel !== null && byRole.channel !== roles.callerChannel) {
      warn(`participant ${byRole.speaker ?? ''} is on channel ${byRole.channel}, but the recording's caller channel is ${roles.callerChannel}: check the channel roles`);
    }
    return { entry: byRole, mixed: false };
  }
  if (candidates.length === 1) {
    const only = candidates[0]!;
    if (only.speaker !== null && AGENT_ROLE_LABELS.has(only.speaker)) {
      warn(`the transcript holds only participant ${only.speaker}: nothing attached to caller turns`);
      return null;
    }
    if (roles.callerChannel !== null && only.channel !== null && only.channel !== roles.callerChannel) {
      warn(`the transcript holds only channel ${only.channel}, but the caller is on channel ${roles.callerChannel}: nothing attached`);
      return null;
    }
    const mixed = only.channel === null && only.speaker === null;
    if (mixed) info('one mixed transcript: words inside caller turns taken as the caller\'s (agent speech overlapping them would be included)');
    else info(`caller words from ${describeEntry(only)}, the transcript's only entry`);
    return { entry: only, mixed };
  }
  if (roles.callerChannel !== null) {
    const match = candidates.find((c) => c.channel === roles.callerChannel);
    if (match) {
      info(`caller words from channel ${roles.callerChannel} (the recording's caller channel)`);
      return { entry: match, mixed: false };
    }
    if (candidates.some((c) => c.channel !== null)) {
      warn(`the recording's caller channel ${roles.callerChannel} is not in the transcript (${candidates.map(describeEntry).join(', ')}): chosen by overlap instead`);
    }
  }

  const scored = candidates
    .map((c, order) => ({ c, order, ...overlapScore(c.words, spans) }))
    .sort((a, b) => b.overlapMs - a.overlapMs || b.inside - a.inside || a.order - b.order);
  const best = scored[0]!;
  if (best.overlapMs === 0 && best.inside === 0) {
    warn('no recognized word overlaps any caller turn: nothing attached (is this transcript of the same call\'s audio?)');
    return null;
  }
  const runnerUp = scored[1];
  const ambiguous = runnerUp !== undefined && runnerUp.overlapMs >= best.overlapMs * AMBIGUOUS_SHARE;
  const detail = scored.map((s) => `${describeEntry(s.c)}: ${s.inside} of ${s.timed} words inside caller turns`).join('; ');
  const override = best.c.channel !== null ? "; set the recording's channel roles to override" : '';
  const message = `caller words from ${describeEntry(best.c)}, chosen by overlap with the caller turns (${detail})${ambiguous ? '; the choice is uncertain' : ''}${override}`;
  if (ambiguous) warn(message);
  else info(message);
  return { entry: best.c, mixed: false };
}

function extent(w: Word, start: number): { s: number; e: number } {
  return { s: start, e: Math.max(start, w.endMs ?? start) };
}

/** Overlap in ms; a zero-length word inside a span counts as touching it with 0 ms. */
function overlapMs(s: number, e: number, span: CallerSpan): number {
  return Math.max(0, Math.min(e, span.endMs) - Math.max(s, span.startMs));
}

function touches(s: number, e: number, span: CallerSpan): boolean {
  return s === e ? span.startMs <= s && s <= span.endMs : s < span.endMs && e > span.startMs;
}

/** The span a word overlaps most; on a tie the earlier one (spans are sorted by start). */
function bestOverlap(s: number, e: number, spans: readonly CallerSpan[]): CallerSpan | null {
  let best: { span: CallerSpan; ms: number } | null = null;
  for (const span of spans) {
    if (!touches(s, e, span)) continue;
    const ms = overlapMs(s, e, span);
    if (!best || ms > best.ms) best = { span, ms };
  }
  return best?.span ?? null;
}

function nearestWithin(s: number, e: number, spans: readonly CallerSpan[], tolerance: number): CallerSpan | null {
  let best: { span: CallerSpan; gap: number } | null = null;
  for (const span of spans) {
    const gap = s >= span.endMs ? s - span.endMs : span.startMs - e;
    if (gap >= 0 && gap <= tolerance && (!best || gap < best.gap)) best = { span, gap };
  }
  return best?.span ?? null;
}

function overlapScore(words: readonly Word[], spans: readonly CallerSpan[]): { overlapMs: number; inside: number; timed: number } {
  let total = 0;
  let inside = 0;
  let timed = 0;
  for (const w of words) {
    if (w.startMs === null) continue;
    timed++;
    const { s, e } = extent(w, w.startMs);
    let hit = false;
    for (const span of spans) {
      if (!touches(s, e, span)) continue;
      hit = true;
      total += overlapMs(s, e, span);
    }
    if (hit) inside++;
  }
  return { overlapMs: total, inside, timed };
}

function describeEntry(c: AsrChannel): string {
  if (c.channel !== null) return c.speaker !== null ? `channel ${c.channel} (${c.speaker})` : `channel ${c.channel}`;
  if (c.speaker !== null) return `speaker ${c.speaker}`;
  return 'the transcript';
}

function turnList(indexes: readonly number[]): string {
  const shown = indexes.slice(0, 8).join(', ');
  const more = indexes.length > 8 ? ` and ${indexes.length - 8} more` : '';
  return `${indexes.length === 1 ? 'turn' : 'turns'} ${shown}${more}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
