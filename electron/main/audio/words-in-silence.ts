/**
 * Recognized caller words timed where the caller's channel has no speech: evidence that the recognizer
 * heard something that was not said (noise, the agent's echo, silence). Same shape as the analysis
 * engine's silent-word hook (shared/analysis/runs.ts SilentWordDetector), so it can be plugged in there.
 */
import type { Word } from '../../../shared/model/call';
import type { Span } from './spans';

export interface SilentWord {
  index: number;
  word: Word;
  /** Share of the word's time covered by (padded) caller speech, 0..1. */
  speechCoverage: number;
}

/**
 * Words whose [start, end] is covered by speech for less than `minCoverage`. Speech segments are widened
 * by `padMs` on each side first: recognizers' word times are only good to tens of milliseconds.
 * Words without times are skipped (no evidence either way).
 */
export function wordsInSilence(speech: readonly Span[], words: readonly Word[], options: { minCoverage: number; padMs: number }): SilentWord[] {
  const padded = speech.map((s) => ({ startMs: s.startMs - options.padMs, endMs: s.endMs + options.padMs }));
  const out: SilentWord[] = [];
  words.forEach((word, index) => {
    if (word.startMs === null || word.endMs === null) return;
    const dur = word.endMs - word.startMs;
    let covered = 0;
    let inside = false;
    for (const s of padded) {
      covered += Math.max(0, Math.min(word.endMs, s.endMs) - Math.max(word.startMs, s.startMs));
      if (word.startMs >= s.startMs && word.startMs <= s.endMs) inside = true;
    }
    const coverage = dur > 0 ? Math.min(1, covered / dur) : inside ? 1 : 0;
    if (coverage < options.minCoverage) out.push({ index, word, speechCoverage: coverage });
  });
  return out;
}
