/**
 * Card verification code and expiry date. Both are short numbers that are everywhere in speech ("three
 * items", "April 27"), so context is required: words like "security code" or "expires" just before,
 * or in the agent's question. Digits already reported as part of a card number are skipped, except the
 * tail a caller says straight after the number ("…1111 123"), which the card detector leaves off.
 */
import type { DigitView } from '../call-index';
import type { Params } from '../detector-params';
import { maskSecret } from '../mask';
import { readExpiry } from '../text/dates';
import { digitPieces } from '../text/digit-chains';
import type { NormalizedView, PreparedUtterance } from '../text/utterance';
import type { ActiveRule, Category, ComplianceHitDraft } from '../types';
import { competitorNearer, contextAccepts, contextAround, describeSpeaker, fieldNote, makeHit, speakersOf, textLocation, type Detector, type DetectorContext } from './detector';

export const viewOf = (u: PreparedUtterance, v: DigitView): NormalizedView => (v === 'spelled' ? (u.spelledDigitNorm ?? u.plainDigitNorm) : u.plainDigitNorm);

/** True when raw tokens from..to of `u` overlap an earlier hit of one of `categories` in the same field. */
export function overlapsEarlier(ctx: DetectorContext, u: PreparedUtterance, from: number, to: number, categories: readonly Category[]): boolean {
  const a = u.tokens[from]!.charStart;
  const b = u.tokens[to]!.charEnd;
  return ctx.earlier.some(
    (h) =>
      categories.includes(h.category) &&
      h.locations.some((l) => l.kind === 'text' && l.turnIndex === u.turnIndex && l.speaker === u.speaker && l.field === u.field && l.charStart < b && a < l.charEnd),
  );
}

/** Digits of `piece` after the end of an earlier card number that is a prefix of it ("41111111111111111234"). */
function tailAfterCard(ctx: DetectorContext, digits: string, lengths: readonly number[]): string | null {
  for (const h of ctx.earlier) {
    if (h.category !== 'pci.pan' || !h.secret) continue;
    for (const r of lengths) {
      const head = digits.slice(0, digits.length - r);
      if (head.length > 0 && h.secret.endsWith(head)) return digits.slice(-r);
    }
  }
  return null;
}

interface Found {
  u: PreparedUtterance;
  from: number;
  to: number;
  secret: string;
}

function dedupe(found: Found[]): Found[] {
  const out: Found[] = [];
  for (const f of found) if (!out.some((o) => o.u === f.u && o.from <= f.to && f.from <= o.to)) out.push(f);
  return out;
}

function hitsFor(rule: ActiveRule, found: Found[], what: string, evidence: (f: Found) => Record<string, unknown>): ComplianceHitDraft[] {
  return dedupe(found).map((f) =>
    makeHit(rule, {
      speaker: f.u.speaker,
      locations: [textLocation(f.u, f.from, f.to)],
      text: maskSecret(rule.category, f.secret),
      secret: f.secret,
      detail: `${what} said by ${describeSpeaker(f.u.speaker)}${fieldNote(f.u)}`,
      evidence: { field: f.u.field, ...evidence(f) },
    }),
  );
}

export const detectSecurityCode: Detector = (ctx, rule, p: Params) => {
  const minLen = p.num('minDigits');
  const maxLen = p.num('maxDigits');
  const lengths = Array.from({ length: maxLen - minLen + 1 }, (_, i) => minLen + i);
  const found: Found[] = [];
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const u of stream) {
      for (const v of ['plain', 'spelled'] as const) {
        for (const piece of digitPieces(viewOf(u, v))) {
          if (piece.amount) continue;
          let secret: string | null = null;
          if (piece.digits.length >= minLen && piece.digits.length <= maxLen) {
            if (overlapsEarlier(ctx, u, piece.from, piece.to, ['pci.pan'])) continue;
            secret = piece.digits;
          } else secret = tailAfterCard(ctx, piece.digits, lengths);
          if (secret === null) continue;
          if (!contextAccepts(contextAround(ctx, u, piece.from, piece.to, p, false), false)) continue;
          if (competitorNearer(ctx, u, piece.from, p.list('contextWords'), p.list('competingContextWords'))) continue;
          found.push({ u, from: piece.from, to: piece.to, secret });
        }
      }
    }
  }
  return hitsFor(rule, found, 'card security code', (f) => ({ digitCount: f.secret.length }));
};

export const detectExpiry: Detector = (ctx, rule, p: Params) => {
  const found: Found[] = [];
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const u of stream) {
      for (const v of ['plain', 'spelled'] as const) {
        const view = viewOf(u, v);
        for (let k = 0; k < view.words.length; k++) {
          let word = view.words[k]!;
          const tail = /^\d{15,}$/.test(word) ? tailAfterCard(ctx, word, [4, 6]) : null;
          if (tail) word = tail;
          const e = readExpiry([word, ...view.words.slice(k + 1)], 0);
          if (!e) continue;
          const from = view.origins[k]!.from;
          const to = view.origins[k + e.length - 1]!.to;
          if (!tail && overlapsEarlier(ctx, u, from, to, ['pci.pan', 'pci.cvv'])) continue;
          if (!contextAccepts(contextAround(ctx, u, from, to, p, false), false)) continue;
          if (competitorNearer(ctx, u, from, p.list('contextWords'), p.list('competingContextWords'))) continue;
          found.push({ u, from, to, secret: `${String(e.month).padStart(2, '0')}${String(e.year % 100).padStart(2, '0')}` });
          k += e.length - 1;
        }
      }
    }
  }
  return hitsFor(rule, found, 'card expiry date', () => ({}));
};
