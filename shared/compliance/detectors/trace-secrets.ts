/**
 * Secrets in the trace: card numbers, SSNs, dates of birth and member IDs stored in LLM input, tool
 * arguments or results, span attributes or call metadata. PCI DSS forbids logging card data at all, so
 * any Luhn-valid number in an issuer range counts, or any Luhn-valid number under a card-like key
 * ("card_number", "pan") or after card words. Strings are read with the same normalizer as speech, so a
 * transcript pasted into an LLM prompt ("four one one one …") is caught too. A value under a key that
 * names a birth date or member ID ("dateOfBirth", "memberId") is a secret as a whole.
 */
import { cardBrand, luhnValid, ssnStructureValid } from '../card-brands';
import { wordsBefore } from '../call-index';
import type { Params, TraceSecretKind } from '../detector-params';
import { maskSecret } from '../mask';
import { maxDigitsOfNumberWord } from '../../analysis/normalize/spoken-numbers';
import { MONTHS, readDate } from '../text/dates';
import { candidateTokens, chainCandidates } from '../text/digit-chains';
import { RECOGNIZER_SPELLINGS } from '../text/recognizer-spellings';
import { containsAnyPhrase, type CompiledPhrase } from '../text/fuzzy-phrase';
import { tokenSpan, type PreparedUtterance } from '../text/utterance';
import { leafKey, pathText, payloadLeaves, type PayloadLeaf } from '../trace-payloads';
import type { Category, ComplianceHitDraft, TraceLocation } from '../types';
import { makeHit, type Detector, type DetectorContext } from './detector';

const SPOKEN_DIGIT = /\b(zero|oh|one|two|three|four|five|six|seven|eight|nine|for|to|won|ate)\b/i;
const WRITTEN_SSN = /(?<!\d)\d{3}[-\u2010-\u2015 ]\d{2}[-\u2010-\u2015 ]\d{4}(?!\d)/;
/** Cheap check before reading a payload for dates: birth-date words must be in it. */
const DOB_WORD = /\b(birth|born|dob|d\.o\.b)/i;
const MONTH_WORD = new RegExp(`\\b(${Object.keys(MONTHS).join('|')})\\b`, 'i');

interface Secret {
  kind: TraceSecretKind;
  value: string;
  charStart: number;
  charEnd: number;
  brand: string | null;
}

const keyMatches = (key: string, keys: readonly string[]): boolean => keys.some((k) => key.includes(k.toLowerCase().replace(/[^a-z0-9]/g, '')));

const WHAT: Record<TraceSecretKind, string> = { card: 'card number', ssn: 'social security number', dob: 'date of birth', 'member-id': 'member ID' };
const MASK_AS: Record<TraceSecretKind, Category> = { card: 'pci.pan', ssn: 'phi.ssn', dob: 'phi.dob', 'member-id': 'phi.member_id' };

function numbersInText(ctx: DetectorContext, u: PreparedUtterance, text: string, kinds: ReadonlySet<TraceSecretKind>, key: string, p: Params, near: (from: number, words: CompiledPhrase[]) => boolean, words: { card: CompiledPhrase[]; ssn: CompiledPhrase[] }): Secret[] {
  const out: Array<Secret & { from: number; to: number }> = [];
  const free = (from: number, to: number): boolean => !out.some((s) => s.from <= to && from <= s.to);
  for (const view of ['plain', 'spelled'] as const) {
    if (view === 'spelled' && !u.spelledDigitNorm) continue;
    for (const chain of ctx.index.payloadChainsOf(u, view)) {
      if (kinds.has('card')) {
        const cards = chainCandidates(chain, 13, 19)
          .filter((c) => luhnValid(c.digits))
          .sort((a, b) => Number(b.coversChain) - Number(a.coversChain) || b.digits.length - a.digits.length);
        for (const c of cards) {
          const [r] = candidateTokens(c);
          if (!r || !free(r.from, r.to)) continue;
          const brand = cardBrand(c.digits);
          if (brand === null && !keyMatches(key, p.list('cardKeys')) && !near(r.from, words.card)) continue;
          const span = tokenSpan(u, r.from, r.to);
          out.push({ kind: 'card', value: c.digits, charStart: span.charStart, charEnd: span.charEnd, from: r.from, to: r.to, brand });
        }
      }
      if (kinds.has('ssn')) {
        for (const c of chainCandidates(chain, 9, 9)) {
          if (c.trimmedEnd > 0 || !ssnStructureValid(c.digits)) continue;
          const [r] = candidateTokens(c);
          if (!r || !free(r.from, r.to)) continue;
          const span = tokenSpan(u, r.from, r.to);
          const written = WRITTEN_SSN.test(text.slice(span.charStart, span.charEnd));
          if (!keyMatches(key, p.list('ssnKeys')) && !written && !near(r.from, words.ssn)) continue;
          out.push({ kind: 'ssn', value: c.digits, charStart: span.charStart, charEnd: span.charEnd, from: r.from, to: r.to, brand: null });
        }
      }
    }
  }
  return out;
}

function datesInText(ctx: DetectorContext, u: PreparedUtterance, p: Params): Secret[] {
  const context = ctx.phrases(p.list('dobContextWords'));
  if (context.length === 0) return [];
  const out: Secret[] = [];
  const view = u.plainDigitNorm;
  for (let k = 0; k < view.words.length; k++) {
    const d = readDate(view.words, k, 1900, new Date().getUTCFullYear());
    if (!d) continue;
    const from = view.origins[k]!.from;
    const to = view.origins[k + d.length - 1]!.to;
    if (!containsAnyPhrase(wordsBefore(u, from, 12), context, 0.2)) continue;
    const span = tokenSpan(u, from, to);
    out.push({ kind: 'dob', value: `${d.year}${String(d.month).padStart(2, '0')}${String(d.day ?? 0).padStart(2, '0')}`, charStart: span.charStart, charEnd: span.charEnd, brand: null });
    k += d.length - 1;
  }
  return out;
}

const WINDOW_MIN_CHARS = 2000;

/**
 * Stretches of a long payload that could hold a card number or SSN: runs of digit-like tokens (gaps of up
 * to four other words allowed) worth at least nine digits, with twelve tokens of context before and six
 * after. LLM input repeats the whole conversation in every span; reading only these stretches keeps a
 * long call's scan fast. Short strings are read whole.
 */
export function numberWindows(text: string): Array<{ start: number; end: number }> {
  if (text.length < WINDOW_MIN_CHARS) return [{ start: 0, end: text.length }];
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ at: m.index ?? 0, end: (m.index ?? 0) + m[0].length, w: m[0] }));
  const worth = (w: string): number => digitBound(w.toLowerCase().replace(/[^\p{L}\p{N}'\u2019]/gu, ''));
  const windows: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < tokens.length; ) {
    if (worth(tokens[i]!.w) === 0) {
      i++;
      continue;
    }
    let last = i;
    let total = 0;
    for (let j = i, gap = 0; j < tokens.length && gap <= 4; j++) {
      const v = worth(tokens[j]!.w);
      if (v > 0) {
        total += v;
        last = j;
        gap = 0;
      } else gap++;
    }
    if (total >= 9) {
      const start = tokens[Math.max(0, i - 12)]!.at;
      const end = tokens[Math.min(tokens.length - 1, last + 6)]!.end;
      const prev = windows[windows.length - 1];
      if (prev && start <= prev.end) prev.end = Math.max(prev.end, end);
      else windows.push({ start, end });
    }
    i = last + 1;
  }
  return windows;
}

/** The shortest number looked for in traces: an SSN (cards have 13 or more digits). */
const SHORTEST_NUMBER = 9;

/** Digits a word can stand for besides numerals and number words: a recognizer's spelling, "oh", a repeat. */
const EXTRA_DIGIT_WORDS: Readonly<Record<string, number>> = { oh: 1, o: 1, double: 1, triple: 2 };

/**
 * Whether `text` could normalize to at least `digits` digits: an upper bound from its numerals, number
 * words, recognizer spellings of digits and repeats. Most attribute values (model names, prompts about
 * other things) fall short, and are then never normalized: normalizing every string that says "to" or
 * "for" was most of a trace import's time.
 */
function mayHoldDigits(text: string, digits: number): boolean {
  let bound = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}'\u2019]+/gu)) {
    bound += digitBound(m[0].toLowerCase());
    if (bound >= digits) return true;
  }
  return false;
}

/** The most digits one lower-cased word can normalize to (numerals, number words, spellings, repeats). */
function digitBound(w: string): number {
  const numerals = w.replace(/\D/g, '').length;
  if (numerals > 0) return numerals + maxDigitsOfNumberWord(w.replace(/\d/g, ''));
  return maxDigitsOfNumberWord(w) || (RECOGNIZER_SPELLINGS[w] ? 1 : 0) || (EXTRA_DIGIT_WORDS[w] ?? 0);
}

function secretsInString(ctx: DetectorContext, text: string, key: string, kinds: ReadonlySet<TraceSecretKind>, p: Params): Secret[] {
  const digits = text.replace(/\D/g, '');
  // A whole value under a key that names it.
  if (kinds.has('dob') && keyMatches(key, p.list('dobKeys')) && (digits.length >= 4 || MONTH_WORD.test(text))) {
    return [{ kind: 'dob', value: digits.length >= 4 ? digits : text.toLowerCase(), charStart: 0, charEnd: text.length, brand: null }];
  }
  if (kinds.has('member-id') && keyMatches(key, p.list('memberIdKeys')) && digits.length >= 4) {
    return [{ kind: 'member-id', value: text.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase(), charStart: 0, charEnd: text.length, brand: null }];
  }
  const wantNumbers = kinds.has('card') || kinds.has('ssn');
  const wantDates = kinds.has('dob') && DOB_WORD.test(text);
  if (!wantNumbers && !wantDates) return [];
  if (!/\d/.test(text) && !SPOKEN_DIGIT.test(text) && !wantDates) return [];
  const found: Secret[] = [];
  if (wantNumbers && mayHoldDigits(text, SHORTEST_NUMBER)) {
    const words = { card: ctx.phrases(p.list('cardContextWords')), ssn: ctx.phrases(p.list('ssnContextWords')) };
    for (const w of numberWindows(text)) {
      const u = ctx.index.payloadText(text.slice(w.start, w.end));
      if (!u) continue;
      const near = (from: number, phrases: CompiledPhrase[]): boolean => phrases.length > 0 && containsAnyPhrase(wordsBefore(u, from, 12), phrases, 0.2);
      for (const s of numbersInText(ctx, u, u.raw, kinds, key, p, near, words)) found.push({ ...s, charStart: s.charStart + w.start, charEnd: s.charEnd + w.start });
    }
  }
  if (wantDates) {
    const u = ctx.index.payloadText(text);
    if (u) found.push(...datesInText(ctx, u, p).filter((d) => !found.some((f) => f.charStart < d.charEnd && d.charStart < f.charEnd)));
  }
  return found;
}

function leafSecrets(ctx: DetectorContext, leaf: PayloadLeaf, kinds: ReadonlySet<TraceSecretKind>, p: Params): Secret[] {
  const key = leafKey(leaf.path);
  if (typeof leaf.value === 'number') {
    if (!Number.isSafeInteger(leaf.value) || leaf.value < 0) return [];
    const digits = String(leaf.value);
    return secretsInString(ctx, digits, key, kinds, p).map((s) => ({ ...s, charStart: 0, charEnd: digits.length }));
  }
  return secretsInString(ctx, leaf.value, key, kinds, p);
}

const WHERE: Record<TraceLocation['target'], string> = { span: 'span attributes', tool: 'tool call', metadata: 'call metadata' };

/**
 * One hit per secret per place: the same card in `llm.input` of every span (the prompt repeats the
 * conversation) is one finding with a location per span, anchored at the first.
 */
export const detectTraceSecrets: Detector = (ctx, rule, p) => {
  const kinds = new Set(p.list('secretKinds') as TraceSecretKind[]);
  const groups = new Map<string, { s: Secret; leaf: PayloadLeaf; locations: TraceLocation[] }>();
  // Traces repeat themselves (every LLM span carries the same system prompt and tool list): a value is
  // read once per attribute key; what it holds depends on nothing else.
  const seen = new Map<string, Secret[]>();
  for (const leaf of payloadLeaves(ctx.index.call, { includeMetadata: p.bool('includeMetadata') })) {
    const memo = `${leafKey(leaf.path)}\u0000${typeof leaf.value}\u0000${leaf.value}`;
    let secrets = seen.get(memo);
    if (!secrets) {
      secrets = leafSecrets(ctx, leaf, kinds, p);
      seen.set(memo, secrets);
    }
    for (const s of secrets) {
      const location: TraceLocation = {
        kind: 'trace', target: leaf.target, index: leaf.index, turnIndex: leaf.turnIndex, path: leaf.path,
        charStart: s.charStart, charEnd: s.charEnd, startMs: leaf.startMs, endMs: leaf.endMs,
      };
      const key = `${s.kind}\u0000${s.value}\u0000${leaf.target}\u0000${pathText(leaf.path)}`;
      const g = groups.get(key);
      if (g) g.locations.push(location);
      else groups.set(key, { s, leaf, locations: [location] });
    }
  }
  return [...groups.values()].map(({ s, leaf, locations }): ComplianceHitDraft => {
    const first = locations[0]!;
    const where = leaf.target === 'span' ? `${leaf.source} span attribute ${pathText(leaf.path)}` : `${WHERE[leaf.target]} ${pathText(leaf.path)}`;
    return makeHit(rule, {
      speaker: 'trace',
      locations,
      turnIndex: first.turnIndex,
      startMs: first.startMs,
      endMs: first.endMs,
      text: maskSecret(MASK_AS[s.kind], s.value, s.kind === 'card' ? p.num('revealLast') : 0),
      secret: s.value,
      detail: `${WHAT[s.kind]} stored in the trace: ${where}${locations.length > 1 ? ` (in ${locations.length} places)` : ''}`,
      evidence: { secretKind: s.kind, brand: s.brand, target: leaf.target, path: pathText(leaf.path), source: leaf.source, places: locations.length },
    });
  });
};
