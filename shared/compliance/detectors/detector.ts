/**
 * What every detector gets and returns, and the helpers they share: building a hit from locations,
 * which speakers a rule listens to, and context checks around a match.
 */
import { canonicalJson, fnv1a64 } from '../../analysis/normalize';
import { CallIndex, wordsAfter, wordsBefore } from '../call-index';
import type { Params } from '../detector-params';
import { compilePhrases, containsAnyPhrase, findAnyPhrase, type CompiledPhrase } from '../text/fuzzy-phrase';
import { tokenSpan, type PreparedUtterance } from '../text/utterance';
import type { ActiveRule, ComplianceHitDraft, HitLocation, HitSpeaker, TextLocation } from '../types';

export interface DetectorContext {
  index: CallIndex;
  /** Hits of rules that ran before (secret detectors run before read-back and sequence rules). */
  earlier: readonly ComplianceHitDraft[];
  phrases(list: readonly string[]): CompiledPhrase[];
}

export type Detector = (ctx: DetectorContext, rule: ActiveRule, params: Params) => ComplianceHitDraft[];

export function createContext(index: CallIndex, earlier: readonly ComplianceHitDraft[]): DetectorContext {
  const cache = new Map<string, CompiledPhrase[]>();
  return {
    index,
    earlier,
    phrases(list) {
      const key = list.join('\u0000');
      let c = cache.get(key);
      if (!c) {
        c = compilePhrases(list);
        cache.set(key, c);
      }
      return c;
    },
  };
}

export function speakersOf(rule: ActiveRule): Array<'caller' | 'agent'> {
  if (rule.speaker === 'caller' || rule.speaker === 'agent') return [rule.speaker];
  if (rule.speaker === 'any') return ['caller', 'agent'];
  return [];
}

export function textLocation(u: PreparedUtterance, from: number, to: number): TextLocation {
  return { kind: 'text', turnIndex: u.turnIndex, speaker: u.speaker, field: u.field, ...tokenSpan(u, from, to) };
}

export interface HitInput {
  speaker: HitSpeaker;
  locations: HitLocation[];
  text: string;
  detail: string;
  secret?: string | null;
  evidence?: Record<string, unknown>;
  /** For hits with no location (a disclosure never said): where to anchor them. */
  turnIndex?: number | null;
  startMs?: number | null;
  endMs?: number | null;
}

export function makeHit(rule: ActiveRule, h: HitInput): ComplianceHitDraft {
  const times = h.locations.flatMap((l) => [l.startMs, l.endMs]).filter((x): x is number => x !== null);
  const turns = h.locations.map((l) => l.turnIndex).filter((x): x is number => x !== null);
  const fields = h.locations.map((l) => (l.kind === 'text' ? `${l.speaker}.${l.field}` : `${l.target}:${l.index ?? ''}:${l.path.join('.')}`));
  const turnIndex = h.turnIndex !== undefined ? h.turnIndex : turns.length > 0 ? Math.min(...turns) : null;
  return {
    ruleId: rule.id,
    packId: rule.packId,
    category: rule.category,
    severity: rule.severity,
    speaker: h.speaker,
    turnIndex,
    startMs: h.startMs !== undefined ? h.startMs : times.length > 0 ? Math.min(...times) : null,
    endMs: h.endMs !== undefined ? h.endMs : times.length > 0 ? Math.max(...times) : null,
    text: h.text,
    detail: h.detail,
    locations: h.locations,
    fingerprint: fnv1a64(canonicalJson({ rule: rule.id, speaker: h.speaker, turn: turnIndex, fields: [...new Set(fields)], value: h.secret ?? h.text })),
    evidence: { ...(h.evidence ?? {}) },
    secret: h.secret ?? null,
    duplicateOf: null,
  };
}

export interface ContextVerdict {
  /** Context words in the same utterance (just before or after the match). */
  localPositive: boolean;
  /** Context words in the other side's preceding utterance (the agent's question). */
  promptPositive: boolean;
  /** Words saying it is something else, just before the match. */
  localNegative: boolean;
  promptNegative: boolean;
}

/** Context phrases found in `words`, leaving out those inside a negative phrase ("card" in "gift card"). */
function positiveIn(words: readonly string[], pos: readonly CompiledPhrase[], neg: readonly CompiledPhrase[]): boolean {
  if (pos.length === 0 || words.length === 0) return false;
  const negatives = neg.length > 0 ? findAnyPhrase(words, neg, 0) : [];
  return findAnyPhrase(words, pos, 0.2).some((m) => !negatives.some((n) => m.from >= n.from && m.to <= n.to));
}

/**
 * Context around raw tokens from..to of `u`: words just before (window), a few after (unless `after` is
 * false: "…expires 0427 and the security code is 123" must not make 0427 a security code), and the end of
 * the other side's preceding utterance (the agent's question). Negative words count only close by (just
 * before the match, or at the end of the question), since "order" ten words back says nothing about this
 * number.
 */
export function contextAround(ctx: DetectorContext, u: PreparedUtterance, from: number, to: number, p: Params, after = true): ContextVerdict {
  const before = wordsBefore(u, from, p.num('contextWindow'));
  const following = after ? wordsAfter(u, to, 6) : [];
  const prompt = ctx.index.promptWords(u, 24);
  const pos = ctx.phrases(p.list('contextWords'));
  const neg = ctx.phrases(p.list('negativeContextWords'));
  return {
    localPositive: positiveIn(before, pos, neg) || positiveIn(following, pos, neg),
    promptPositive: positiveIn(prompt, pos, neg),
    localNegative: neg.length > 0 && containsAnyPhrase(wordsBefore(u, from, 6), neg, 0),
    promptNegative: neg.length > 0 && containsAnyPhrase(prompt.slice(-12), neg, 0),
  };
}

/**
 * For two short numbers asked for together ("the expiry date and security code"): true when, in the
 * words just before the match, a phrase of the competing kind is nearer than one of this kind.
 */
export function competitorNearer(ctx: DetectorContext, u: PreparedUtterance, from: number, own: readonly string[], competing: readonly string[]): boolean {
  const before = wordsBefore(u, from, 8);
  const last = (list: readonly string[]): number => Math.max(-1, ...findAnyPhrase(before, ctx.phrases(list), 0.2).map((m) => m.to));
  const c = last(competing);
  return c >= 0 && c > last(own);
}

/**
 * The one context decision: the caller's own words win over the agent's question ("my order number
 * is …" after "what's your card number?" is an order number), and a question that asks for something
 * else wins over nothing. `strong` is evidence that needs no words (an issuer range, a written SSN).
 */
export function contextAccepts(v: ContextVerdict, strong: boolean): boolean {
  if (v.localNegative && !v.localPositive) return false;
  if (v.promptNegative && !v.localPositive && !v.promptPositive) return false;
  return strong || v.localPositive || v.promptPositive;
}

/** Context over a match that may span two utterances: either end's words count. */
export function mergeContext(a: ContextVerdict, b: ContextVerdict): ContextVerdict {
  return {
    localPositive: a.localPositive || b.localPositive,
    promptPositive: a.promptPositive || b.promptPositive,
    localNegative: a.localNegative,
    promptNegative: a.promptNegative,
  };
}

export const describeSpeaker = (s: 'caller' | 'agent'): string => (s === 'caller' ? 'the caller' : 'the agent');

export function fieldNote(u: PreparedUtterance): string {
  return u.field === 'reference' ? ' (reference transcript)' : u.field === 'words' ? ' (recognizer words)' : '';
}
