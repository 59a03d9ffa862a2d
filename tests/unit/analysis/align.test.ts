/** Hand-computed alignments (D tables worked out with sub 4, ins 3, del 3 and sclite's tie-break). */
import { describe, expect, it } from 'vitest';
import { alignWords, SCLITE_WEIGHTS } from '../../../shared/analysis/wer/align';

const ops = (ref: string, hyp: string): string => alignWords(ref.split(' ').filter(Boolean), hyp.split(' ').filter(Boolean)).steps.map((s) => s.op).join('');

describe('alignWords', () => {
  it('uses sclite weights sub 4, ins 3, del 3', () => {
    expect(SCLITE_WEIGHTS).toEqual({ substitution: 4, insertion: 3, deletion: 3 });
  });

  it('aligns a single substitution', () => {
    const a = alignWords(['a', 'b', 'c'], ['a', 'x', 'c']);
    expect(a.steps).toEqual([
      { op: 'C', ref: 'a', hyp: 'a', refIndex: 0, hypIndex: 0 },
      { op: 'S', ref: 'b', hyp: 'x', refIndex: 1, hypIndex: 1 },
      { op: 'C', ref: 'c', hyp: 'c', refIndex: 2, hypIndex: 2 },
    ]);
    expect([a.hits, a.substitutions, a.deletions, a.insertions, a.cost]).toEqual([2, 1, 0, 0, 4]);
  });

  it('prefers D+I (cost 6) over three substitutions (cost 12)', () => {
    // ref "a b c" / hyp "b c d": D[3][3] = 6 via D a, C b, C c, I d.
    const a = alignWords(['a', 'b', 'c'], ['b', 'c', 'd']);
    expect(a.steps.map((s) => s.op).join('')).toBe('DCCI');
    expect(a.cost).toBe(6);
  });

  it('breaks ties toward the diagonal at each cell (ref "a b" / hyp "c" → D then S)', () => {
    // D[1][1] = 4 (diag); D[2][1]: diag D[1][0]+4 = 7, del D[1][1]+3 = 7 → diagonal wins the tie,
    // so the trace is S(b,c) at the end and D(a) before it.
    expect(ops('a b', 'c')).toBe('DS');
    expect(ops('a', 'b c')).toBe('IS');
  });

  it('takes the insertion when deletion and insertion tie (ref "a b" / hyp "b a")', () => {
    // D[2][2]: diag 8, del D[1][2]+3 = 6, ins D[2][1]+3 = 6 → not del < ins → insertion.
    expect(ops('a b', 'b a')).toBe('DCI');
  });

  it('handles empty sides', () => {
    expect(alignWords([], []).steps).toEqual([]);
    expect(ops('x y', '')).toBe('DD');
    expect(ops('', 'x')).toBe('I');
    const a = alignWords(['x', 'y'], []);
    expect([a.refWords, a.hypWords, a.deletions, a.cost]).toEqual([2, 0, 2, 6]);
  });

  it('compares exactly (case and punctuation matter at this level)', () => {
    expect(ops('Hello world', 'hello world.')).toBe('SS');
  });

  it('reuses its buffers correctly after a large alignment', () => {
    const big = Array.from({ length: 300 }, (_, i) => `w${i % 7}`);
    alignWords(big, big.slice().reverse());
    expect(ops('a b c', 'a b c')).toBe('CCC');
    expect(ops('a b c d', 'a c d')).toBe('CDCC');
  });

  it('accepts other weights (Levenshtein 1/1/1 prefers substitutions)', () => {
    const a = alignWords(['a', 'b', 'c'], ['b', 'c', 'd'], { substitution: 1, insertion: 1, deletion: 1 });
    expect(a.cost).toBe(2);
  });
});
