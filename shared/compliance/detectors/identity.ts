/**
 * Identity numbers protected under HIPAA and privacy law: US social security numbers, dates of birth,
 * and member / policy / medical record numbers. A nine-digit number is an SSN only with SSN words around
 * it, or when written in its own 3-2-4 shape, and only with a valid structure (no 000 / 666 / 9xx area);
 * a date is a birth date only after birth words; an ID only after the words that name it.
 */
import type { Params } from '../detector-params';
import { ssnStructureValid } from '../card-brands';
import { maskSecret } from '../mask';
import { readDate } from '../text/dates';
import { candidateTokens, chainCandidates } from '../text/digit-chains';
import type { PreparedUtterance } from '../text/utterance';
import type { ComplianceHitDraft } from '../types';
import { overlapsEarlier, viewOf } from './card-extras';
import { contextAccepts, contextAround, describeSpeaker, mergeContext, fieldNote, makeHit, speakersOf, textLocation, type Detector, type DetectorContext } from './detector';

const WRITTEN_SSN = /(?<!\d)\d{3}[-\u2010-\u2015 ]\d{2}[-\u2010-\u2015 ]\d{4}(?!\d)/;

/**
 * `unconfirmedOnly` mode (a separate rule): a whole spoken number of 8 to 10 digits, or 9 without a valid
 * structure, given after SSN words or in answer to an SSN question — an SSN the recognizer misheard.
 */
export const detectSsn: Detector = (ctx, rule, p: Params) => {
  const unconfirmed = p.bool('unconfirmedOnly');
  const hits: ComplianceHitDraft[] = [];
  const taken: Array<{ utt: PreparedUtterance; from: number; to: number }> = [];
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const view of ['plain', 'spelled'] as const) {
      for (const chain of ctx.index.chains(stream, view, p.bool('acrossTurns'))) {
        for (const c of chainCandidates(chain, unconfirmed ? 8 : 9, unconfirmed ? 10 : 9)) {
          if (c.trimmedEnd > 0) continue;
          const valid = c.digits.length === 9 && ssnStructureValid(c.digits);
          if (unconfirmed ? valid || !c.wholeTurns : !valid) continue;
          const ranges = candidateTokens(c);
          if (ranges.some((r) => taken.some((t) => t.utt === r.utt && t.from <= r.to && r.from <= t.to))) continue;
          if (ranges.some((r) => overlapsEarlier(ctx, r.utt, r.from, r.to, ['pci.pan']))) continue;
          const first = ranges[0]!;
          const last = ranges[ranges.length - 1]!;
          const written = !unconfirmed && ranges.length === 1 && p.bool('acceptWrittenFormat') && WRITTEN_SSN.test(first.utt.raw.slice(first.utt.tokens[first.from]!.charStart, first.utt.tokens[first.to]!.charEnd));
          const v = mergeContext(contextAround(ctx, first.utt, first.from, first.to, p), contextAround(ctx, last.utt, last.from, last.to, p));
          if (!contextAccepts(v, written)) continue;
          const positive = v.localPositive || v.promptPositive;
          taken.push(...ranges);
          hits.push(
            makeHit(rule, {
              speaker: first.utt.speaker,
              locations: ranges.map((r) => textLocation(r.utt, r.from, r.to)),
              text: maskSecret('phi.ssn', c.digits, p.num('revealLast')),
              secret: c.digits,
              detail: `social security number${unconfirmed ? ` (${c.digits.length} digits heard: likely misheard)` : ''} said by ${describeSpeaker(first.utt.speaker)}${ranges.length > 1 ? ' across turns' : ''}${fieldNote(first.utt)}`,
              evidence: { confirmedBy: positive ? 'context words' : 'written 3-2-4 format', structureValid: valid, field: first.utt.field, spelledDigits: view === 'spelled' },
            }),
          );
        }
      }
    }
  }
  return hits;
};

export const detectDateOfBirth: Detector = (ctx, rule, p: Params) => {
  const hits: ComplianceHitDraft[] = [];
  const maxYear = new Date().getUTCFullYear();
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const u of stream) {
      const seen: Array<[number, number]> = [];
      for (const v of ['plain', 'spelled'] as const) {
        const view = viewOf(u, v);
        for (let k = 0; k < view.words.length; k++) {
          const d = readDate(view.words, k, p.num('minYear'), maxYear);
          if (!d) continue;
          const from = view.origins[k]!.from;
          const to = view.origins[k + d.length - 1]!.to;
          if (seen.some(([a, b]) => a <= to && from <= b)) continue;
          if (overlapsEarlier(ctx, u, from, to, ['pci.pan', 'phi.ssn', 'pci.expiry'])) continue;
          if (!contextAccepts(contextAround(ctx, u, from, to, p), false)) continue;
          seen.push([from, to]);
          const secret = `${d.year}${String(d.month).padStart(2, '0')}${String(d.day ?? 0).padStart(2, '0')}`;
          hits.push(
            makeHit(rule, {
              speaker: u.speaker,
              locations: [textLocation(u, from, to)],
              text: maskSecret('phi.dob', secret),
              secret,
              detail: `date of birth said by ${describeSpeaker(u.speaker)}${fieldNote(u)}`,
              evidence: { field: u.field },
            }),
          );
          k += d.length - 1;
        }
      }
    }
  }
  return hits;
};

const NATO: Readonly<Record<string, string>> = {
  alpha: 'a', alfa: 'a', bravo: 'b', charlie: 'c', delta: 'd', echo: 'e', foxtrot: 'f', golf: 'g', hotel: 'h', india: 'i',
  juliet: 'j', juliett: 'j', kilo: 'k', lima: 'l', mike: 'm', november: 'n', oscar: 'o', papa: 'p', quebec: 'q', romeo: 'r',
  sierra: 's', tango: 't', uniform: 'u', victor: 'v', whiskey: 'w', xray: 'x', yankee: 'y', zulu: 'z',
};
const NUMBER_WORD = /^(zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|double|triple)$/;

type IdKind = 'letter' | 'digits' | 'mixed' | 'dash' | null;

function idKind(token: string): IdKind {
  const b = token.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (b === 'dash' || b === 'hyphen') return 'dash';
  if (/^\d[\d-]*$/.test(b) || NUMBER_WORD.test(b)) return 'digits';
  if (/^[a-z]$/.test(b) || Object.prototype.hasOwnProperty.call(NATO, b)) return 'letter';
  if (/^(?=.*\d)(?=.*[a-z])[a-z\d-]+$/.test(b)) return 'mixed';
  return null;
}

/** Runs of ID-like raw tokens: letters, digits, letter-digit mixes. */
function idRuns(u: PreparedUtterance, maxTokens: number): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  let start = -1;
  const closeAt = (end: number): void => {
    if (start < 0) return;
    let from = start;
    while (from <= end && /^(a|i)$/i.test(u.tokens[from]!.text.replace(/[^\p{L}]/gu, '')) && idKind(u.tokens[from + 1]?.text ?? '') === 'digits') from++;
    if (from <= end) runs.push({ from, to: Math.min(end, from + maxTokens - 1) });
    start = -1;
  };
  u.tokens.forEach((t, i) => {
    const k = idKind(t.text);
    if (k === null) closeAt(i - 1);
    else if (start < 0 && k !== 'dash') start = i;
  });
  closeAt(u.tokens.length - 1);
  return runs;
}

function idValue(u: PreparedUtterance, from: number, to: number): string {
  let out = '';
  u.plainDigitNorm.words.forEach((w, k) => {
    const o = u.plainDigitNorm.origins[k]!;
    if (o.from < from || o.to > to) return;
    if (/^\d+$/.test(w)) out += w;
    else if (Object.prototype.hasOwnProperty.call(NATO, w)) out += NATO[w]!;
    else if (/^[a-z\d-]+$/.test(w) && w !== 'dash' && w !== 'hyphen') out += w.replace(/-/g, '');
  });
  return out.toUpperCase();
}

export const detectMemberId: Detector = (ctx: DetectorContext, rule, p: Params) => {
  const hits: ComplianceHitDraft[] = [];
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const u of stream) {
      for (const run of idRuns(u, p.num('maxTokens'))) {
        const value = idValue(u, run.from, run.to);
        const digits = value.replace(/\D/g, '').length;
        if (value.length < p.num('minChars') || digits < p.num('minDigits')) continue;
        if (overlapsEarlier(ctx, u, run.from, run.to, ['pci.pan', 'phi.ssn', 'phi.dob', 'pci.expiry', 'pci.cvv'])) continue;
        if (!contextAccepts(contextAround(ctx, u, run.from, run.to, p), false)) continue;
        hits.push(
          makeHit(rule, {
            speaker: u.speaker,
            locations: [textLocation(u, run.from, run.to)],
            text: maskSecret('phi.member_id', value),
            secret: value,
            detail: `member / policy / record number said by ${describeSpeaker(u.speaker)}${fieldNote(u)}`,
            evidence: { field: u.field, length: value.length },
          }),
        );
      }
    }
  }
  return hits;
};
