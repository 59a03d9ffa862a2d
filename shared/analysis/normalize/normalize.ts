/**
 * Text → comparable word list under a rule set. Rule order is fixed (and part of the engine
 * version): punctuation pre-pass → word splitting → case → punctuation → hyphens → numbers → fillers.
 *
 * The tracked variant keeps, for every output word, which input words it came from: numbers merge
 * words ("four one one one" → "4111") and hyphens split them, so without this an alignment over
 * normalized words could not be mapped back to the recognizer's word timings and confidences.
 */

import { normalizeNumbersTracked, type TrackedWord } from './number-rules';
import { getRuleSet, type RuleSet } from './rule-sets';
import { foldCase, punctuationPreSplit, removeFillers, splitHyphens, splitWords, stripPunctuation } from './text-rules';

export type { TrackedWord } from './number-rules';

export interface NormalizedWords {
  words: string[];
  /** origins[k] = inclusive range of input word indexes that produced words[k]. */
  origins: Array<{ from: number; to: number }>;
}

/** Applies a per-word rule to each tracked word; the pieces inherit the word's origin. */
function perWord(words: readonly TrackedWord[], rule: (w: readonly string[]) => string[]): TrackedWord[] {
  const out: TrackedWord[] = [];
  for (const w of words) for (const text of rule([w.text])) out.push({ text, from: w.from, to: w.to });
  return out;
}

function resolve(ruleSet: RuleSet | string): RuleSet {
  return typeof ruleSet === 'string' ? getRuleSet(ruleSet) : ruleSet;
}

/** Normalizes a list of source words (e.g. a recognizer's words) keeping their origins. */
export function normalizeWordList(sourceWords: readonly string[], ruleSet: RuleSet | string): NormalizedWords {
  const rs = resolve(ruleSet);
  const r = rs.rules;
  let words: TrackedWord[] = [];
  sourceWords.forEach((source, i) => {
    const text = r.punctuation ? punctuationPreSplit(source) : source;
    for (const w of splitWords(text, r.whitespace)) words.push({ text: w, from: i, to: i });
  });
  words = perWord(words, (w) => foldCase(w, r.caseFolding));
  if (r.punctuation) words = perWord(words, stripPunctuation);
  if (r.hyphens) words = perWord(words, splitHyphens);
  if (r.numbers) words = normalizeNumbersTracked(words);
  if (r.fillers) words = perWord(words, (w) => removeFillers(w, rs.fillerWords));
  return { words: words.map((w) => w.text), origins: words.map(({ from, to }) => ({ from, to })) };
}

/** Normalizes free text to words. */
export function normalizeWords(text: string, ruleSet: RuleSet | string): string[] {
  return normalizeWordList([text], ruleSet).words;
}

/** Convenience: normalized words joined by single spaces (for display and diffing). */
export function normalizeText(text: string, ruleSet: RuleSet | string): string {
  return normalizeWords(text, ruleSet).join(' ');
}
