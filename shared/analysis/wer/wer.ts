/**
 * Word error rate per utterance and in total, always tagged with the normalization that produced it.
 *
 * Empty references: WER = (S+D+I)/refWords is undefined when the reference has no words, so `wer`
 * is null there (even when the hypothesis is empty too); the insertions still count in `errors`,
 * `sentenceError` and the totals. This is what sclite does: it prints counts instead of percentages
 * for speakers without reference words and includes their insertions in the corpus sums.
 * Totals are corpus-level (sum of errors / sum of reference words), like sclite's Sum/Avg row, not
 * a mean of per-utterance rates.
 */

import { normalizeWords } from '../normalize/normalize';
import { getRuleSet, type RuleSet } from '../normalize/rule-sets';
import { alignWords, SCLITE_WEIGHTS, type AlignmentStep, type AlignWeights, type EditCounts } from './align';

export interface NormalizationTag {
  ruleSetId: string;
  hash: string;
}

export interface WerCounts extends EditCounts {
  /** substitutions + deletions + insertions. */
  errors: number;
}

export interface UtteranceWer extends WerCounts {
  alignment: AlignmentStep[];
  /** errors / refWords; null when the reference is empty. */
  wer: number | null;
  /** True when the utterance has any error (sclite's sentence error). */
  sentenceError: boolean;
  normalization: NormalizationTag;
}

export interface WerTotals extends WerCounts {
  utterances: number;
  /** Σerrors / ΣrefWords; null when there are no reference words at all. */
  wer: number | null;
  sentenceErrors: number;
  /** sentenceErrors / utterances; null for no utterances. */
  sentenceErrorRate: number | null;
}

export interface WerOptions {
  /** Rule set or its id; default `turnscope-default@1`. Use 'none' for sclite-identical scoring. */
  ruleSet?: RuleSet | string;
  weights?: AlignWeights;
}

export function resolveRuleSet(ruleSet: RuleSet | string | undefined): RuleSet {
  if (ruleSet === undefined) return getRuleSet('turnscope-default');
  return typeof ruleSet === 'string' ? getRuleSet(ruleSet) : ruleSet;
}

/** Scores already-tokenized words (no normalization applied, tagged with the given rule set). */
export function computeWerFromWords(
  ref: readonly string[],
  hyp: readonly string[],
  normalization: NormalizationTag,
  weights: AlignWeights = SCLITE_WEIGHTS,
): UtteranceWer {
  const a = alignWords(ref, hyp, weights);
  const errors = a.substitutions + a.deletions + a.insertions;
  return {
    hits: a.hits,
    substitutions: a.substitutions,
    deletions: a.deletions,
    insertions: a.insertions,
    refWords: a.refWords,
    hypWords: a.hypWords,
    errors,
    alignment: a.steps,
    wer: a.refWords === 0 ? null : errors / a.refWords,
    sentenceError: errors > 0,
    normalization,
  };
}

/** Normalizes both texts under the rule set, aligns them and counts errors. */
export function computeWer(refText: string, hypText: string, options: WerOptions = {}): UtteranceWer {
  const rs = resolveRuleSet(options.ruleSet);
  return computeWerFromWords(
    normalizeWords(refText, rs),
    normalizeWords(hypText, rs),
    { ruleSetId: rs.id, hash: rs.hash },
    options.weights,
  );
}

/** Corpus totals. All inputs should share one normalization; mixing them throws. */
export function summarizeWer(results: ReadonlyArray<WerCounts & { sentenceError?: boolean; normalization?: NormalizationTag }>): WerTotals {
  let hits = 0, substitutions = 0, deletions = 0, insertions = 0, refWords = 0, hypWords = 0, sentenceErrors = 0;
  let hash: string | undefined;
  for (const r of results) {
    if (r.normalization) {
      if (hash !== undefined && hash !== r.normalization.hash) {
        throw new Error('summarizeWer: results were computed under different normalization rule sets');
      }
      hash = r.normalization.hash;
    }
    hits += r.hits;
    substitutions += r.substitutions;
    deletions += r.deletions;
    insertions += r.insertions;
    refWords += r.refWords;
    hypWords += r.hypWords;
    if (r.sentenceError ?? r.substitutions + r.deletions + r.insertions > 0) sentenceErrors++;
  }
  const errors = substitutions + deletions + insertions;
  return {
    utterances: results.length,
    hits,
    substitutions,
    deletions,
    insertions,
    refWords,
    hypWords,
    errors,
    wer: refWords === 0 ? null : errors / refWords,
    sentenceErrors,
    sentenceErrorRate: results.length === 0 ? null : sentenceErrors / results.length,
  };
}
