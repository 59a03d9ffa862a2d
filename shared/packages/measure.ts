/**
 * The measurements expectations are judged on, computed one way for both sides: the pre-fill measures
 * the source call with these functions and the verifier measures the new call with the same ones, so a
 * bound pre-filled as "no worse than the source call" is met by the source call exactly.
 */
import { endToEndOf } from '../analysis/latency';
import { normalizeText, normalizeWordList } from '../analysis/normalize/normalize';
import { matchFallback, similarity } from '../analysis/patterns';
import { findHallucinationRuns, timesFromOrigins, type HallucinationRun } from '../analysis/runs';
import { computeWerFromWords, resolveRuleSet, type UtteranceWer } from '../analysis/wer/wer';
import type { StageTimings, Utterance } from '../model/call';

export interface TranscriptMeasure {
  wer: UtteranceWer;
  runs: HallucinationRun[];
}

/** Recognized caller words as the analysis reads them: the word list when there is one, else the text. */
function hypothesisWords(caller: Utterance | null): { source: string[]; timed: Utterance['words'] | null } {
  const words = caller?.words ?? [];
  if (words.length > 0) return { source: words.map((w) => w.text), timed: words };
  return { source: [caller?.text ?? ''], timed: null };
}

/** WER of the recognized caller utterance against a reference, with the hallucination runs in its alignment. */
export function measureTranscript(reference: string, caller: Utterance | null, normalization: string, minRunLength: number): TranscriptMeasure {
  const rules = resolveRuleSet(normalization);
  const hyp = hypothesisWords(caller);
  const h = normalizeWordList(hyp.source, rules);
  const r = normalizeWordList([reference], rules);
  const wer = computeWerFromWords(r.words, h.words, { ruleSetId: rules.id, hash: rules.hash });
  const hypTimes = hyp.timed ? timesFromOrigins(h.origins, hyp.timed) : undefined;
  return { wer, runs: findHallucinationRuns(wer.alignment, { minLength: minRunLength, hypTimes }) };
}

/** End to end as reported, else the sum of the stages (as the analysis derives it); null when unknown. */
export const endToEndMs = (t: StageTimings): number | null => endToEndOf(t).ms;

/** A text after the default normalization, for similarity checks. */
export const normalizedText = (text: string): string => normalizeText(text, 'turnscope-default');

/** 0..1 similarity of two utterances after normalization (numbers and punctuation do not count against it). */
export function textSimilarity(a: string, b: string): number {
  const x = normalizedText(a);
  const y = normalizedText(b);
  if (x === '' && y === '') return 1;
  if (x === '' || y === '') return 0;
  return similarity(x, y);
}

/** Fuzzy phrase match used for must-say / must-not-say: a window of the reply within 0.8 similarity. */
export const PHRASE_SIMILARITY = 0.8;

export function findPhrase(text: string, phrase: string): string | null {
  // matchFallback normalizes both sides itself and slides the phrase over every window of the reply.
  const m = matchFallback(text, [phrase], PHRASE_SIMILARITY);
  return m ? m.matched : null;
}
