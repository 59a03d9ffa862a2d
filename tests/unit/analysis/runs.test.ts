import { describe, expect, it } from 'vitest';
import {
  findHallucinationRuns, findLowConfidenceRuns, findRepetitionLoops, findWordsInSilence, mergeSpans, spanOf, timesFromOrigins,
} from '../../../shared/analysis/runs';
import { computeWer } from '../../../shared/analysis/wer/wer';
import { timedWords, word } from './helpers/turns';

const align = (ref: string, hyp: string) => computeWer(ref, hyp, { ruleSet: 'none' }).alignment;

describe('findHallucinationRuns', () => {
  it('finds 5 consecutive substitutions with word positions and hypothesis times', () => {
    const steps = align('a b c d e f g', 'a v w x y z g'); // C S S S S S C
    const hypTimes = Array.from({ length: 7 }, (_, i) => ({ startMs: i * 100, endMs: i * 100 + 80 }));
    const runs = findHallucinationRuns(steps, { hypTimes });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      start: 1, end: 5, length: 5, substitutions: 5, deletions: 0, insertions: 0,
      refWordStart: 1, refWordEnd: 5, hypWordStart: 1, hypWordEnd: 5,
      refText: 'b c d e f', hypText: 'v w x y z', startMs: 100, endMs: 580,
    });
  });
  it('needs at least N steps (4 errors is not a run; minLength 6 rejects 5)', () => {
    expect(findHallucinationRuns(align('a b c d e f', 'a v w x y f'))).toEqual([]);
    expect(findHallucinationRuns(align('a b c d e f g', 'a v w x y z g'), { minLength: 6 })).toEqual([]);
  });
  it('counts mixed S/D/I steps and spans pure deletions by the surrounding words', () => {
    const steps = align('a b c d e f g', 'a g'); // C D D D D D C
    const runs = findHallucinationRuns(steps, { hypTimes: [{ startMs: 0, endMs: 200 }, { startMs: 900, endMs: 1100 }] });
    expect(runs[0]).toMatchObject({ start: 1, end: 5, deletions: 5, hypWordStart: null, refText: 'b c d e f', startMs: 200, endMs: 900 });
  });
  it('reports a run at the very end of the alignment', () => {
    const runs = findHallucinationRuns(align('a', 'a p q r s t'));
    expect(runs[0]).toMatchObject({ start: 1, end: 5, insertions: 5, startMs: null, endMs: null });
  });
});

describe('times helpers', () => {
  it('spanOf and timesFromOrigins', () => {
    expect(spanOf([{ startMs: null, endMs: 50 }, { startMs: 10, endMs: 20 }])).toEqual({ startMs: 10, endMs: 50 });
    expect(spanOf([{ startMs: null, endMs: null }])).toBeNull();
    const words = [word('four', 0, 100), word('one', 100, 200), word('please', 300, 400)];
    expect(timesFromOrigins([{ from: 0, to: 1 }, { from: 2, to: 2 }], words)).toEqual([{ startMs: 0, endMs: 200 }, { startMs: 300, endMs: 400 }]);
  });
});

describe('findLowConfidenceRuns', () => {
  it('finds 5+ words below 0.6; an unknown confidence breaks the run', () => {
    const words = timedWords('a b c d e f g h', [0.9, 0.5, 0.4, 0.3, 0.59, 0.2, 0.95, 0.1]);
    const runs = findLowConfidenceRuns(words);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ start: 1, end: 5, length: 5, text: 'b c d e f', startMs: 300, endMs: 1750, minConfidence: 0.2 });
    expect(runs[0]!.meanConfidence).toBeCloseTo(1.99 / 5, 12);
    expect(findLowConfidenceRuns(timedWords('a b c d e f', [0.1, 0.1, null, 0.1, 0.1, 0.1]))).toEqual([]);
    expect(findLowConfidenceRuns(timedWords('a b c d e', [0.6, 0.1, 0.1, 0.1, 0.1]))).toEqual([]);
  });
});

describe('findRepetitionLoops', () => {
  const w = (text: string) => text.split(' ').map((t) => word(t));
  it('finds a 2-gram looping 3 times', () => {
    expect(findRepetitionLoops(w('so I can I can I can help'))).toEqual([
      expect.objectContaining({ start: 1, end: 6, n: 2, repeats: 3, phrase: 'I can' }),
    ]);
  });
  it('reports the smallest n once and ignores case/punctuation', () => {
    expect(findRepetitionLoops(w('The the THE, the'))).toEqual([expect.objectContaining({ start: 0, end: 3, n: 1, repeats: 4 })]);
  });
  it('two repeats are not a loop', () => {
    expect(findRepetitionLoops(w('no no a b a b'))).toEqual([]);
  });
  it('finds 4-grams', () => {
    expect(findRepetitionLoops(w('x a b c d a b c d a b c d y'))[0]).toMatchObject({ start: 1, end: 12, n: 4, repeats: 3 });
  });
});

describe('findWordsInSilence', () => {
  it('flags words mostly outside the caller speech segments', () => {
    const speech = [{ startMs: 2000, endMs: 3000 }, { startMs: 0, endMs: 1000 }, { startMs: 500, endMs: 800 }];
    const words = [word('in', 100, 400), word('out', 1200, 1500), word('edge', 900, 1300), word('mostly', 1900, 2300), word('untimed'), word('zero', 2500, 2500)];
    const s = findWordsInSilence(speech, words);
    expect(s.map((x) => [x.index, x.speechCoverage])).toEqual([[1, 0], [2, 0.25]]);
  });
  it('merges overlapping segments', () => {
    expect(mergeSpans([{ startMs: 5, endMs: 9 }, { startMs: 0, endMs: 6 }, { startMs: 10, endMs: 12 }])).toEqual([{ startMs: 0, endMs: 9 }, { startMs: 10, endMs: 12 }]);
  });
});
