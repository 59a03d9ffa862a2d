/**
 * Redaction to a fixed point, and the checks that prove it: the call is scanned (text and word lists
 * both), redacted, and scanned again until no hit of the redacted categories is left (a secret split
 * differently in the words than in the text is caught on the second pass). What is still found after
 * the last round is returned as residual and the writer refuses to export. The leak sweep then looks for
 * every removed secret, character by character with separators allowed, in the serialized output.
 */
import type { ScannableCall } from '../call-index';
import { scanCall } from '../scan';
import { SECRET_CATEGORIES, type ComplianceHitDraft, type RuleSet } from '../types';
import { applyRedaction, type RedactableCall } from './apply';
import { planRedaction, type RedactionOptions, type RedactionPlan } from './plan';

export const MAX_REDACTION_ROUNDS = 4;

export interface RedactionResult<T> {
  call: T;
  /** Every edit of every round; audio spans are on the recording's timeline throughout. */
  plan: RedactionPlan;
  rounds: number;
  /** Hits still found after the last round (should be empty). */
  residual: ComplianceHitDraft[];
}

const emptyPlan = (): RedactionPlan => ({ text: [], words: [], trace: [], audio: [], unlocated: [], hits: [] });

export function redactCall<T extends RedactableCall & { id: string }>(call: T, ruleSet: RuleSet, options: RedactionOptions = {}): RedactionResult<T> {
  const categories = options.categories ?? SECRET_CATEGORIES;
  const keepFingerprints = options.keepFingerprints ?? new Set<string>();
  const keptSecrets = new Set<string>();
  const all = emptyPlan();
  let current = call;
  for (let round = 1; round <= MAX_REDACTION_ROUNDS + 1; round++) {
    const scannable: ScannableCall = { id: current.id, turns: current.turns, spans: current.spans, metadata: current.metadata ?? {} };
    const hits = scanCall(scannable, ruleSet, { alwaysScanWords: true, categories });
    if (round === 1) for (const h of hits) if (keepFingerprints.has(h.fingerprint) && h.secret) keptSecrets.add(`${h.category}:${h.secret}`);
    const toRemove = hits.filter((h) => !(h.secret && keptSecrets.has(`${h.category}:${h.secret}`)));
    const plan = planRedaction(toRemove, { ...options, categories, keepFingerprints });
    if (plan.hits.length === 0) return { call: current, plan: all, rounds: round - 1, residual: [] };
    if (round > MAX_REDACTION_ROUNDS) return { call: current, plan: all, rounds: round - 1, residual: plan.hits };
    for (const k of Object.keys(all) as Array<keyof RedactionPlan>) (all[k] as unknown[]).push(...(plan[k] as unknown[]));
    current = applyRedaction(current, plan);
  }
  return { call: current, plan: all, rounds: MAX_REDACTION_ROUNDS, residual: [] };
}

/** Secrets long enough to look for in output bytes (short codes would match timestamps by chance). */
export function sweepableSecrets(plan: RedactionPlan, minLength = 6): string[] {
  const set = new Set<string>();
  for (const h of plan.hits) {
    const s = h.secret?.replace(/[^\p{L}\p{N}]/gu, '');
    if (s && s.length >= minLength) set.add(s);
  }
  return [...set];
}

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Pattern for a secret written with spaces, dashes, dots or slashes between its characters. */
export function secretPattern(secret: string): RegExp {
  return new RegExp([...secret].map(escape).join('[\\s\\-./]{0,2}'), 'i');
}

/** How many of the secrets occur in `text` (the count only: the caller must not print them). */
export function countLeaks(text: string, secrets: readonly string[]): number {
  return secrets.filter((s) => secretPattern(s).test(text)).length;
}
