/**
 * Card numbers (PAN): 13–19 digits confirmed by Luhn, written or spoken, grouped or split across the
 * caller's consecutive turns, including recognizer spellings of digits. A Luhn-valid number is reported
 * when it sits in a card network's issuer range or card words surround it ("card", "visa", the agent
 * asking for "the long number"), and not when the words around it say it is something else ("order
 * number", "tracking") without any card word.
 *
 * `unconfirmedOnly` mode (a separate rule) reports what Luhn cannot confirm: a whole spoken number of
 * minDigits..maxDigits that FAILS Luhn but was given in answer to a card question or after card words —
 * a card number the recognizer misheard by a digit, still card data that must be redacted.
 *
 * Every digit chain is read twice: as written, and with recognizer spellings read as digits; a chain's
 * accepted numbers are the non-overlapping candidates in order of preference (the whole chain, longer,
 * untrimmed, covering more tokens).
 */
import { cardBrand, luhnValid } from '../card-brands';
import type { DigitView } from '../call-index';
import type { Params } from '../detector-params';
import { maskSecret } from '../mask';
import { candidateTokens, chainCandidates, type DigitCandidate } from '../text/digit-chains';
import type { PreparedUtterance } from '../text/utterance';
import type { ActiveRule, ComplianceHitDraft } from '../types';
import { contextAccepts, contextAround, describeSpeaker, mergeContext, fieldNote, makeHit, speakersOf, textLocation, type Detector, type DetectorContext } from './detector';

export interface AcceptedCard {
  candidate: DigitCandidate;
  brand: string | null;
  luhn: boolean;
  byContext: boolean;
  view: DigitView;
  tokens: Array<{ utt: PreparedUtterance; from: number; to: number }>;
  tokenCount: number;
}

const tokenCount = (ranges: AcceptedCard['tokens']): number => ranges.reduce((n, r) => n + r.to - r.from + 1, 0);

function overlaps(a: AcceptedCard['tokens'], b: AcceptedCard['tokens']): boolean {
  return a.some((x) => b.some((y) => x.utt === y.utt && x.from <= y.to && y.from <= x.to));
}

function prefer(a: AcceptedCard, b: AcceptedCard): number {
  return (
    Number(b.candidate.coversChain) - Number(a.candidate.coversChain) ||
    a.candidate.trimmedStart - b.candidate.trimmedStart ||
    b.tokenCount - a.tokenCount ||
    b.candidate.digits.length - a.candidate.digits.length ||
    a.candidate.trimmedEnd - b.candidate.trimmedEnd ||
    (a.view === 'plain' ? -1 : 1)
  );
}

/**
 * Whether the turns a candidate spans begin with whole turns that are themselves a Luhn-valid card number
 * ("4111 1111 1111 1111", then "twelve twenty seven" when asked for the expiry): the number is that card,
 * and what the later turns add is something else (an expiry, a security code), not a misheard digit.
 */
function startsWithCard(parts: DigitCandidate['parts']): boolean {
  let digits = '';
  for (let i = 0; i < parts.length - 1; i++) {
    digits += parts[i]!.piece.digits;
    if (parts[i + 1]!.utt !== parts[i]!.utt && digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

/** Card numbers in one stream (one speaker and field), both digit views, non-overlapping. */
export function findCards(ctx: DetectorContext, stream: readonly PreparedUtterance[], p: Params): AcceptedCard[] {
  const minLen = p.num('minDigits');
  const maxLen = p.num('maxDigits');
  const unconfirmed = p.bool('unconfirmedOnly');
  const across = p.bool('acrossTurns');
  const pool: AcceptedCard[] = [];
  for (const view of ['plain', 'spelled'] as const) {
    for (const chain of ctx.index.chains(stream, view, across)) {
      for (const c of chainCandidates(chain, minLen, maxLen, { leadingTrim: !unconfirmed })) {
        const luhn = luhnValid(c.digits);
        if (luhn === unconfirmed) continue;
        if (unconfirmed && (!c.wholeTurns || startsWithCard(c.parts))) continue;
        const brand = unconfirmed ? null : cardBrand(c.digits);
        // Context words vouch for the number said, not for a part of it: a part needs an issuer range.
        if (!c.coversChain && !(unconfirmed && c.wholeTurns) && brand === null) continue;
        // An issuer range alone is weak evidence for a 13-digit number (legacy Visa only) or for a stretch
        // cut out of a long run of digits (one stretch in ten passes Luhn): those also need card words.
        const chainDigits = c.chain.reduce((n, part) => n + part.piece.digits.length, 0);
        const strong = brand !== null && c.digits.length > 13 && (c.coversChain || chainDigits <= maxLen + 8);
        const first = c.parts[0]!;
        const last = c.parts[c.parts.length - 1]!;
        const before = contextAround(ctx, first.utt, first.piece.from, first.piece.to, p);
        const v = last.utt === first.utt ? before : mergeContext(before, contextAround(ctx, last.utt, last.piece.from, last.piece.to, p));
        if (!contextAccepts(v, strong)) continue;
        const tokens = candidateTokens(c);
        pool.push({ candidate: c, brand, luhn, byContext: !strong, view, tokens, tokenCount: tokenCount(tokens) });
      }
    }
  }
  pool.sort(prefer);
  const kept: AcceptedCard[] = [];
  for (const a of pool) if (!kept.some((k) => overlaps(k.tokens, a.tokens))) kept.push(a);
  return kept;
}

export function cardHit(rule: ActiveRule, card: AcceptedCard, p: Params, what: string): ComplianceHitDraft {
  const first = card.tokens[0]!.utt;
  const turns = [...new Set(card.tokens.map((t) => t.utt.turnIndex))];
  const digits = card.candidate.digits;
  return makeHit(rule, {
    speaker: first.speaker,
    locations: card.tokens.map((t) => textLocation(t.utt, t.from, t.to)),
    text: maskSecret(rule.category, digits, p.num('revealLast')),
    secret: digits,
    detail:
      `${what} (${card.luhn ? `${card.brand ?? 'unknown network'}, ${digits.length} digits, Luhn valid` : `${digits.length} digits, fails Luhn: likely misheard`}) said by ${describeSpeaker(first.speaker)}` +
      (turns.length > 1 ? ` across turns ${turns.join(', ')}` : '') +
      fieldNote(first),
    evidence: {
      brand: card.brand,
      digitCount: digits.length,
      luhn: card.luhn,
      confirmedBy: card.byContext ? 'context words' : 'issuer range',
      spelledDigits: card.view === 'spelled',
      turns,
      field: first.field,
      trailingDigitsLeftOff: card.candidate.trimmedEnd,
      leadingDigitsLeftOff: card.candidate.trimmedStart,
    },
  });
}

export const detectCardNumbers: Detector = (ctx, rule, p) => {
  const hits: ComplianceHitDraft[] = [];
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const card of findCards(ctx, stream, p)) hits.push(cardHit(rule, card, p, 'card number'));
  }
  return hits;
};
