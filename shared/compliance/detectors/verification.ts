/**
 * PHI before verification: a sequence rule over the call. Identity verification succeeds at the first
 * verification tool call whose result says so (`true`, `{ verified: true }`, `{ status: "verified" }` …)
 * or when the agent says a verification phrase ("thanks, you're verified"), unless it says a failure
 * phrase. Every agent utterance before that point that discloses health or account details (a
 * disclosure term, fuzzy, or an identity number the agent said) is a hit.
 */
import type { Turn } from '../../model/call';
import type { Params } from '../detector-params';
import { findAnyPhrase } from '../text/fuzzy-phrase';
import type { PreparedUtterance } from '../text/utterance';
import type { ComplianceHitDraft } from '../types';
import { makeHit, textLocation, type Detector } from './detector';
import { matchedText, matchTokens } from './phrases';

const SUCCESS_KEYS = ['verified', 'authenticated', 'success', 'succeeded', 'match', 'matched', 'valid', 'isverified', 'identityverified', 'passed', 'ok'];
const SUCCESS_WORDS = new Set(['verified', 'success', 'succeeded', 'ok', 'authenticated', 'passed', 'match', 'matched', 'valid', 'true']);

/** Whether a verification tool's result says the caller passed. */
export function resultSaysVerified(result: unknown): boolean {
  if (result === true) return true;
  if (typeof result === 'string') return SUCCESS_WORDS.has(result.trim().toLowerCase());
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return false;
  for (const [k, v] of Object.entries(result as Record<string, unknown>)) {
    const key = k.toLowerCase().replace(/[^a-z]/g, '');
    if (SUCCESS_KEYS.includes(key) && v === true) return true;
    if ((key === 'status' || key === 'result' || key === 'outcome') && typeof v === 'string' && SUCCESS_WORDS.has(v.toLowerCase())) return true;
  }
  return false;
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function verifiedByTool(turn: Turn, tools: readonly string[]): boolean {
  return turn.toolCalls.some((tc) => tools.some((t) => norm(tc.name).includes(norm(t))) && resultSaysVerified(tc.result));
}

export const detectBeforeVerification: Detector = (ctx, rule, p: Params) => {
  const ratio = p.num('maxEditRatio');
  const terms = ctx.phrases(p.list('disclosureTerms'));
  const okPhrases = ctx.phrases(p.list('verificationPhrases'));
  const failPhrases = ctx.phrases(p.list('failurePhrases'));
  const tools = p.list('verificationTools');
  const identity = p.bool('includeIdentityHits')
    ? ctx.earlier.filter((h) => h.speaker === 'agent' && (h.category === 'phi.ssn' || h.category === 'phi.dob' || h.category === 'phi.member_id'))
    : [];
  const hits: ComplianceHitDraft[] = [];
  let verifiedAt: number | null = null;
  for (const turn of [...ctx.index.turns].sort((a, b) => a.index - b.index)) {
    if (verifiedAt === null && verifiedByTool(turn, tools)) verifiedAt = turn.index;
    const u: PreparedUtterance | undefined = ctx.index.utterance(turn.index, 'agent', 'text') ?? ctx.index.utterance(turn.index, 'agent', 'words');
    if (!u) continue;
    // Within the utterance, anything after a verification phrase is after verification.
    let cutoff = Infinity;
    if (verifiedAt === null && findAnyPhrase(u.norm.words, failPhrases, ratio).length === 0) {
      const ok = findAnyPhrase(u.norm.words, okPhrases, ratio)[0];
      if (ok) cutoff = ok.from;
    }
    if (verifiedAt === null) {
      const disclosed = findAnyPhrase(u.norm.words, terms, ratio).filter((m) => m.from < cutoff);
      const ids = identity.filter((h) => h.turnIndex === turn.index);
      if (disclosed.length > 0 || ids.length > 0) {
        const locations = disclosed.map((m) => {
          const t = matchTokens(u, m);
          return textLocation(u, t.from, t.to);
        });
        const first = disclosed[0];
        const what = [...disclosed.map((m) => `“${matchedText(u, matchTokens(u, m).from, matchTokens(u, m).to)}”`), ...ids.map((h) => h.category)].join(', ');
        hits.push(
          makeHit(rule, {
            speaker: 'agent',
            locations: locations.length > 0 ? locations : ids.flatMap((h) => h.locations),
            text: first ? matchedText(u, matchTokens(u, first).from, matchTokens(u, first).to) : ids[0]!.text,
            detail: `the agent disclosed ${what} before the caller's identity was verified`,
            evidence: { terms: disclosed.map((m) => m.phrase.source), identityCategories: ids.map((h) => h.category) },
          }),
        );
      }
      if (cutoff !== Infinity) verifiedAt = turn.index;
    }
  }
  for (const h of hits) h.evidence.verifiedInTurn = verifiedAt;
  return hits;
};
