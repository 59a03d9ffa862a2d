/**
 * Runs of suspicious words in one recognized utterance.
 *
 * With a reference: the seed defines a hallucination event as five or more consecutive insertions,
 * substitutions or deletions, i.e. N (default 5) consecutive non-C alignment steps.
 * Without a reference we can only flag symptoms: long low-confidence stretches, repetition loops
 * (recognizers that hallucinate on noise or silence often loop on one phrase), and words timed where
 * the caller's channel has no speech at all.
 */

import type { Word } from '../model/call';
import type { AlignmentStep } from './wer/align';

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export interface MaybeTimed {
  startMs: number | null;
  endMs: number | null;
}

export interface HallucinationRun {
  /** First and last alignment step of the run (inclusive). */
  start: number;
  end: number;
  length: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Reference / hypothesis word positions covered (inclusive), null when the run has none. */
  refWordStart: number | null;
  refWordEnd: number | null;
  hypWordStart: number | null;
  hypWordEnd: number | null;
  refText: string;
  hypText: string;
  /** Time span from the hypothesis word times; for a run of pure deletions, the gap between the
   *  hypothesis words around it. Null when times are unknown. */
  startMs: number | null;
  endMs: number | null;
}

export interface HallucinationRunOptions {
  /** Minimum consecutive non-C steps; the seed's threshold is 5. */
  minLength?: number;
  /** Times per hypothesis word (same indexes as the alignment's hypIndex). */
  hypTimes?: ReadonlyArray<MaybeTimed>;
}

export const DEFAULT_HALLUCINATION_RUN_LENGTH = 5;

export function findHallucinationRuns(steps: readonly AlignmentStep[], options: HallucinationRunOptions = {}): HallucinationRun[] {
  const minLength = options.minLength ?? DEFAULT_HALLUCINATION_RUN_LENGTH;
  const runs: HallucinationRun[] = [];
  let start = -1;
  for (let k = 0; k <= steps.length; k++) {
    const isError = k < steps.length && steps[k]!.op !== 'C';
    if (isError && start < 0) start = k;
    if (!isError && start >= 0) {
      if (k - start >= minLength) runs.push(describeRun(steps, start, k - 1, options.hypTimes));
      start = -1;
    }
  }
  return runs;
}

function describeRun(steps: readonly AlignmentStep[], start: number, end: number, hypTimes?: ReadonlyArray<MaybeTimed>): HallucinationRun {
  let s = 0, d = 0, ins = 0;
  const refIdx: number[] = [];
  const hypIdx: number[] = [];
  const refWords: string[] = [];
  const hypWords: string[] = [];
  for (let k = start; k <= end; k++) {
    const st = steps[k]!;
    if (st.op === 'S') s++;
    else if (st.op === 'D') d++;
    else if (st.op === 'I') ins++;
    if (st.refIndex !== null) refIdx.push(st.refIndex), refWords.push(st.ref ?? '');
    if (st.hypIndex !== null) hypIdx.push(st.hypIndex), hypWords.push(st.hyp ?? '');
  }
  let startMs: number | null = null;
  let endMs: number | null = null;
  if (hypTimes) {
    if (hypIdx.length > 0) {
      const t = spanOf(hypIdx.map((i) => hypTimes[i]));
      startMs = t?.startMs ?? null;
      endMs = t?.endMs ?? null;
    } else {
      // Pure deletions: the words were lost between the neighbouring hypothesis words.
      const before = lastHypIndexBefore(steps, start);
      const after = firstHypIndexAfter(steps, end);
      startMs = before !== null ? hypTimes[before]?.endMs ?? null : 0;
      endMs = after !== null ? hypTimes[after]?.startMs ?? null : null;
    }
  }
  return {
    start, end, length: end - start + 1, substitutions: s, deletions: d, insertions: ins,
    refWordStart: refIdx[0] ?? null, refWordEnd: refIdx[refIdx.length - 1] ?? null,
    hypWordStart: hypIdx[0] ?? null, hypWordEnd: hypIdx[hypIdx.length - 1] ?? null,
    refText: refWords.join(' '), hypText: hypWords.join(' '), startMs, endMs,
  };
}

function lastHypIndexBefore(steps: readonly AlignmentStep[], k: number): number | null {
  for (let i = k - 1; i >= 0; i--) if (steps[i]!.hypIndex !== null) return steps[i]!.hypIndex;
  return null;
}

function firstHypIndexAfter(steps: readonly AlignmentStep[], k: number): number | null {
  for (let i = k + 1; i < steps.length; i++) if (steps[i]!.hypIndex !== null) return steps[i]!.hypIndex;
  return null;
}

/** Smallest start and largest end among the known times; null when none is known. */
export function spanOf(items: ReadonlyArray<MaybeTimed | undefined>): TimeSpan | null {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const it of items) {
    if (it?.startMs != null) startMs = Math.min(startMs, it.startMs);
    if (it?.endMs != null) endMs = Math.max(endMs, it.endMs);
  }
  if (startMs === Infinity && endMs === -Infinity) return null;
  return { startMs: startMs === Infinity ? endMs : startMs, endMs: endMs === -Infinity ? startMs : endMs };
}

/** Times of normalized words from the source words they came from (see normalizeWordList origins). */
export function timesFromOrigins(origins: ReadonlyArray<{ from: number; to: number }>, words: readonly MaybeTimed[]): MaybeTimed[] {
  return origins.map(({ from, to }) => {
    const t = spanOf(words.slice(from, to + 1));
    return { startMs: t?.startMs ?? null, endMs: t?.endMs ?? null };
  });
}

// ---- suspects without a reference ---------------------------------------------------------------

export interface WordRun {
  /** First and last word index (inclusive). */
  start: number;
  end: number;
  length: number;
  text: string;
  startMs: number | null;
  endMs: number | null;
}

export interface LowConfidenceRun extends WordRun {
  meanConfidence: number;
  minConfidence: number;
}

/** Runs of `minLength`+ consecutive words with known confidence below `threshold`; an unknown confidence breaks a run. */
export function findLowConfidenceRuns(words: readonly Word[], options: { threshold?: number; minLength?: number } = {}): LowConfidenceRun[] {
  const threshold = options.threshold ?? 0.6;
  const minLength = options.minLength ?? 5;
  const runs: LowConfidenceRun[] = [];
  let start = -1;
  for (let i = 0; i <= words.length; i++) {
    const c = i < words.length ? words[i]!.confidence : null;
    const low = c !== null && c < threshold;
    if (low && start < 0) start = i;
    if (!low && start >= 0) {
      if (i - start >= minLength) {
        const slice = words.slice(start, i);
        const confs = slice.map((w) => w.confidence as number);
        runs.push({
          ...wordRun(words, start, i - 1),
          meanConfidence: confs.reduce((a, b) => a + b, 0) / confs.length,
          minConfidence: Math.min(...confs),
        });
      }
      start = -1;
    }
  }
  return runs;
}

function wordRun(words: readonly Word[], start: number, end: number): WordRun {
  const slice = words.slice(start, end + 1);
  const t = spanOf(slice);
  return { start, end, length: end - start + 1, text: slice.map((w) => w.text).join(' '), startMs: t?.startMs ?? null, endMs: t?.endMs ?? null };
}

export interface RepetitionLoop extends WordRun {
  /** n-gram size. */
  n: number;
  repeats: number;
  phrase: string;
}

const loopKey = (w: Word): string => w.text.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');

/**
 * An n-gram (n = 1..maxN) repeated `minRepeats`+ times back to back ("the the the", "I can I can I
 * can"). Smaller n is tried first so "a a a a a a" is one 1-gram loop, and the scan resumes after a
 * loop so it is not reported again as a longer n-gram.
 */
export function findRepetitionLoops(words: readonly Word[], options: { maxN?: number; minRepeats?: number } = {}): RepetitionLoop[] {
  const maxN = options.maxN ?? 4;
  const minRepeats = options.minRepeats ?? 3;
  const keys = words.map(loopKey);
  const loops: RepetitionLoop[] = [];
  let i = 0;
  outer: while (i < keys.length) {
    for (let n = 1; n <= maxN; n++) {
      if (keys.slice(i, i + n).some((k) => k === '')) break;
      let repeats = 1;
      while (i + (repeats + 1) * n <= keys.length && sameGram(keys, i, i + repeats * n, n)) repeats++;
      if (repeats >= minRepeats) {
        const end = i + repeats * n - 1;
        loops.push({ ...wordRun(words, i, end), n, repeats, phrase: words.slice(i, i + n).map((w) => w.text).join(' ') });
        i = end + 1;
        continue outer;
      }
    }
    i++;
  }
  return loops;
}

function sameGram(keys: readonly string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (keys[a + k] !== keys[b + k]) return false;
  return true;
}

export interface SuspectWord {
  index: number;
  word: Word;
  /** Fraction of the word's duration covered by caller speech (0..1). */
  speechCoverage: number;
}

/** Hook: given where the caller's channel has speech, return the words that fall outside it. */
export type SilentWordDetector = (speech: readonly TimeSpan[], words: readonly Word[]) => SuspectWord[];

/**
 * Words whose timed interval is covered by caller speech for less than `minCoverage` (default 0.5)
 * of its duration. Untimed words are skipped (no evidence either way); a zero-length word counts as
 * covered when its instant lies inside a speech segment.
 */
export function findWordsInSilence(speech: readonly TimeSpan[], words: readonly Word[], options: { minCoverage?: number } = {}): SuspectWord[] {
  const minCoverage = options.minCoverage ?? 0.5;
  const segments = mergeSpans(speech);
  const out: SuspectWord[] = [];
  words.forEach((word, index) => {
    if (word.startMs === null || word.endMs === null) return;
    const dur = word.endMs - word.startMs;
    let covered = 0;
    for (const s of segments) {
      if (dur <= 0) {
        if (word.startMs >= s.startMs && word.startMs <= s.endMs) covered = 1;
        continue;
      }
      covered += Math.max(0, Math.min(word.endMs, s.endMs) - Math.max(word.startMs, s.startMs));
    }
    const coverage = dur <= 0 ? covered : Math.min(1, covered / dur);
    if (coverage < minCoverage) out.push({ index, word, speechCoverage: coverage });
  });
  return out;
}

/** Sorted, non-overlapping copy of the spans (overlaps would otherwise be counted twice). */
export function mergeSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  const sorted = spans.filter((s) => s.endMs >= s.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: TimeSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ startMs: s.startMs, endMs: s.endMs });
  }
  return out;
}

export const detectWordsInSilence: SilentWordDetector = (speech, words) => findWordsInSilence(speech, words);
