/**
 * Agent read-back: the agent repeats a card number or another secret to the caller. A violation even
 * when the caller saying it was not, because it puts the secret in the agent's text, the TTS request and
 * the agent's audio channel. Two ways to find it: a full card number in the agent's speech (Luhn and an
 * issuer range), or any digit string of the agent's that is part of a secret the caller gave earlier
 * (more than the trailing digits the rules allow, e.g. "ending in 1111" is fine).
 */
import { Params } from '../detector-params';
import { maskSecret } from '../mask';
import { candidateTokens, chainCandidates } from '../text/digit-chains';
import type { PreparedUtterance } from '../text/utterance';
import type { Category, ComplianceHitDraft } from '../types';
import { findCards } from './card-number';
import { makeHit, speakersOf, textLocation, type Detector } from './detector';

type Ranges = Array<{ utt: PreparedUtterance; from: number; to: number }>;

const overlaps = (a: Ranges, b: Ranges): boolean => a.some((x) => b.some((y) => x.utt === y.utt && x.from <= y.to && y.from <= x.to));

export const detectReadback: Detector = (ctx, rule, p) => {
  const categories = p.list('secretCategories') as Category[];
  const minDigits = p.num('minDigits');
  const allowedTail = p.num('allowedTrailingDigits');
  const secrets = ctx.earlier.filter((h) => categories.includes(h.category) && h.speaker !== 'agent' && h.secret && /^\d+$/.test(h.secret));
  const found: Array<{ ranges: Ranges; digits: string; source: string; secretTurn: number | null }> = [];

  for (const stream of ctx.index.streams(speakersOf(rule))) {
    if (categories.includes('pci.pan')) {
      for (const card of findCards(ctx, stream, new Params('card-number', {}))) {
        found.push({ ranges: card.tokens, digits: card.candidate.digits, source: 'card number', secretTurn: null });
      }
    }
    for (const view of ['plain', 'spelled'] as const) {
      for (const chain of ctx.index.chains(stream, view, true)) {
        for (const c of chainCandidates(chain, 3, 19)) {
          if (c.trimmedEnd > 0 || c.trimmedStart > 0) continue;
          const ranges = candidateTokens(c);
          const agentTurn = ranges[0]!.utt.turnIndex;
          const match = secrets.find((s) => {
            if ((s.turnIndex ?? 0) > agentTurn) return false;
            if (c.digits === s.secret) return true;
            return c.digits.length >= minDigits && s.secret!.includes(c.digits) && !(s.secret!.endsWith(c.digits) && c.digits.length <= allowedTail);
          });
          if (match) found.push({ ranges, digits: c.digits, source: match.category, secretTurn: match.turnIndex });
        }
      }
    }
  }

  found.sort((a, b) => b.digits.length - a.digits.length);
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => overlaps(k.ranges, f.ranges))) kept.push(f);
  return kept.map((f): ComplianceHitDraft => {
    const u = f.ranges[0]!.utt;
    return makeHit(rule, {
      speaker: u.speaker,
      locations: f.ranges.map((r) => textLocation(r.utt, r.from, r.to)),
      text: maskSecret(rule.category === 'phi.ssn' ? 'phi.ssn' : 'pci.readback', f.digits, rule.category === 'phi.ssn' ? 0 : 4),
      secret: f.digits,
      detail: `the agent read back ${f.digits.length} digits of a ${f.source === 'card number' ? 'card number' : f.source}${f.secretTurn !== null ? ` the caller gave in turn ${f.secretTurn}` : ''}`,
      evidence: { readbackOf: f.source, digitCount: f.digits.length, secretTurn: f.secretTurn, field: u.field },
    });
  });
};
