/**
 * Phrase rules: families of phrases said by someone (prompt-injection attempts by the caller, or planted
 * in tool output), and the required disclosure the agent must say early in the call. Both match fuzzily
 * on normalized words (text/fuzzy-phrase.ts) so recognizer errors neither hide nor fake them.
 */
import type { Params } from '../detector-params';
import { findAnyPhrase, type CompiledPhrase, type PhraseMatch } from '../text/fuzzy-phrase';
import type { PreparedUtterance } from '../text/utterance';
import { pathText, payloadLeaves } from '../trace-payloads';
import type { ComplianceHitDraft } from '../types';
import { describeSpeaker, fieldNote, makeHit, speakersOf, textLocation, type Detector } from './detector';

/** Raw tokens of a normalized-word match. */
export function matchTokens(u: PreparedUtterance, m: PhraseMatch): { from: number; to: number } {
  return { from: u.norm.origins[m.from]!.from, to: u.norm.origins[m.to]!.to };
}

export function matchedText(u: PreparedUtterance, from: number, to: number, max = 160): string {
  const s = u.raw.slice(u.tokens[from]!.charStart, u.tokens[to]!.charEnd);
  const t = s.replace(/[\s,.;:!?]+$/u, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export const detectPhraseFamilies: Detector = (ctx, rule, p: Params) => {
  const ratio = p.num('maxEditRatio');
  const families = p.families('families').map((f) => ({ name: f.name, phrases: ctx.phrases(f.phrases) }));
  const hits: ComplianceHitDraft[] = [];
  const search = (u: PreparedUtterance, each: (family: string, m: PhraseMatch) => void): void => {
    for (const f of families) for (const m of findAnyPhrase(u.norm.words, f.phrases, ratio)) each(f.name, m);
  };
  if (rule.speaker === 'trace') {
    // What tools bring back (tool-call results, tool spans) is where planted instructions come from; LLM
    // input repeats the caller's own words, which the caller rules already read.
    for (const leaf of payloadLeaves(ctx.index.call, { includeMetadata: false })) {
      if (typeof leaf.value !== 'string' || (leaf.source !== 'tool-call:result' && leaf.source !== 'tool')) continue;
      const u = ctx.index.payloadText(leaf.value);
      if (!u) continue;
      search(u, (family, m) => {
        const t = matchTokens(u, m);
        hits.push(
          makeHit(rule, {
            speaker: 'trace',
            locations: [{ kind: 'trace', target: leaf.target, index: leaf.index, turnIndex: leaf.turnIndex, path: leaf.path,
              charStart: u.tokens[t.from]!.charStart, charEnd: u.tokens[t.to]!.charEnd, startMs: leaf.startMs, endMs: leaf.endMs }],
            text: matchedText(u, t.from, t.to),
            detail: `${family} phrase in ${leaf.source} ${pathText(leaf.path)}: “${matchedText(u, t.from, t.to)}”`,
            evidence: { family, phrase: m.phrase.source, cost: m.cost, path: pathText(leaf.path) },
          }),
        );
      });
    }
    return hits;
  }
  for (const stream of ctx.index.streams(speakersOf(rule))) {
    for (const u of stream) {
      search(u, (family, m) => {
        const t = matchTokens(u, m);
        hits.push(
          makeHit(rule, {
            speaker: u.speaker,
            locations: [textLocation(u, t.from, t.to)],
            text: matchedText(u, t.from, t.to),
            detail: `${family} attempt: ${describeSpeaker(u.speaker)} said “${matchedText(u, t.from, t.to)}”${fieldNote(u)}`,
            evidence: { family, phrase: m.phrase.source, cost: m.cost, field: u.field },
          }),
        );
      });
    }
  }
  return hits;
};

interface Best {
  u: PreparedUtterance;
  match: PhraseMatch;
}

function bestMatch(utterances: readonly PreparedUtterance[], phrases: readonly CompiledPhrase[], ratio: number): Best | null {
  let best: Best | null = null;
  for (const u of utterances) {
    for (const m of findAnyPhrase(u.norm.words, phrases, ratio)) if (!best || m.cost < best.match.cost) best = { u, match: m };
  }
  return best;
}

export const detectMissingDisclosure: Detector = (ctx, rule, p: Params) => {
  const phrases = ctx.phrases(p.list('phrases'));
  if (phrases.length === 0) return [];
  const ratio = p.num('maxEditRatio');
  const withinMs = p.num('withinMs');
  const withinTurns = p.num('withinAgentTurns');
  const agent = ctx.index.utterances.filter((u) => u.speaker === 'agent' && u.field !== 'reference');
  // A call with no agent speech at all cannot be judged (e.g. a caller-only recognizer import).
  if (agent.length === 0) return [];
  const agentTurns = [...new Set(agent.map((u) => u.turnIndex))].sort((a, b) => a - b);
  const early = new Set(agentTurns.slice(0, Math.max(1, withinTurns)));
  const inWindow = agent.filter((u) => early.has(u.turnIndex) && (u.startMs === null || u.startMs < withinMs));
  if (bestMatch(inWindow, phrases, ratio)) return [];
  const late = bestMatch(agent.filter((u) => !inWindow.includes(u)), phrases, ratio);
  const ends = inWindow.map((u) => u.endMs).filter((x): x is number => x !== null);
  const endMs = ends.length > 0 ? Math.min(withinMs, Math.max(...ends)) : withinMs;
  const expected = p.list('phrases')[0]!;
  return [
    makeHit(rule, {
      speaker: 'agent',
      locations: [],
      turnIndex: agentTurns[0] ?? null,
      startMs: 0,
      endMs,
      text: expected,
      detail: late
        ? `required disclosure said too late: first in turn ${late.u.turnIndex} (must be within the first ${withinTurns} agent turns and ${Math.round(withinMs / 1000)} s)`
        : `required disclosure not said within the first ${withinTurns} agent turns and ${Math.round(withinMs / 1000)} s: “${expected}”`,
      evidence: { withinMs, withinAgentTurns: withinTurns, saidLateInTurn: late?.u.turnIndex ?? null, ...(late ? { lateLocation: textLocation(late.u, matchTokens(late.u, late.match).from, matchTokens(late.u, late.match).to) } : {}) },
    }),
  ];
};
