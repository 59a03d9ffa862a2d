import { describe, expect, it } from 'vitest';
import { computeWer, summarizeWer } from '../../../shared/analysis/wer/wer';
import { scliteTokens } from '../../../shared/analysis/wer/tokenize';
import { formatTrn, pairTrn, parseTrn } from '../../../shared/analysis/wer/trn';
import { RULE_SET_DEFAULT, RULE_SET_NONE } from '../../../shared/analysis/normalize/rule-sets';

describe('scliteTokens', () => {
  it('splits on ASCII white space and folds only ASCII case', () => {
    expect(scliteTokens('Hello\tWORLD  \u00c9t\u00e9')).toEqual(['hello', 'world', '\u00c9t\u00e9']);
    expect(scliteTokens('Hello', { caseSensitive: true })).toEqual(['Hello']);
  });
  it('drops tags, one trailing star, escapes and the null word', () => {
    expect(scliteTokens('foo;tag bar* * a\\;b c\\d @ x')).toEqual(['foo', 'bar', '*', 'a;b', 'cd', 'x']);
  });
});

describe('trn', () => {
  it('parses ids from the last parentheses, skips comments and blank lines', () => {
    const entries = parseTrn(';; comment\n\nHello (there) World (SPK_1)\n (spk_2)\n');
    expect(entries.map((e) => [e.id, e.text])).toEqual([['spk_1', 'hello (there) world '], ['spk_2', ' ']]);
  });
  it('rejects a line with an unbalanced id', () => {
    expect(() => parseTrn('hello (id')).toThrow(/line 1/);
  });
  it('round-trips and pairs by id', () => {
    const text = formatTrn([{ id: 'a_1', text: 'one two' }, { id: 'a_2', text: '' }]);
    expect(text).toBe('one two (a_1)\n (a_2)\n');
    const { pairs, missingRef } = pairTrn(parseTrn('x (a_1)\n'), parseTrn('y (a_1)\nz (a_9)\n'));
    expect(pairs).toEqual([{ id: 'a_1', ref: 'x ', hyp: 'y ' }]);
    expect(missingRef).toEqual(['a_9']);
  });
});

describe('computeWer', () => {
  it('counts one insertion over three reference words', () => {
    const r = computeWer('the cat sat', 'the cat sat down', { ruleSet: 'none' });
    expect([r.hits, r.substitutions, r.deletions, r.insertions, r.errors, r.refWords, r.hypWords]).toEqual([3, 0, 0, 1, 1, 3, 4]);
    expect(r.wer).toBeCloseTo(1 / 3, 12);
    expect(r.sentenceError).toBe(true);
    expect(r.normalization).toEqual({ ruleSetId: 'none@1', hash: RULE_SET_NONE.hash });
  });

  it('normalizes with turnscope-default by default', () => {
    const r = computeWer('My card ends in 4111.', 'my card ends in four one one one');
    expect(r.wer).toBe(0);
    expect(r.normalization.ruleSetId).toBe(RULE_SET_DEFAULT.id);
    expect(computeWer('My card ends in 4111.', 'my card ends in four one one one', { ruleSet: 'none' }).wer).toBeCloseTo(4 / 5, 12); // S("4111.",four) + 3 I
  });

  it('gives a null WER for an empty reference but keeps the insertions', () => {
    const r = computeWer('', 'uh hello', { ruleSet: 'none' });
    expect(r.wer).toBeNull();
    expect(r.insertions).toBe(2);
    expect(r.sentenceError).toBe(true);
    const both = computeWer('', '', { ruleSet: 'none' });
    expect(both.wer).toBeNull();
    expect(both.sentenceError).toBe(false);
  });
});

describe('summarizeWer', () => {
  it('sums counts corpus-style instead of averaging rates', () => {
    const a = computeWer('a b c', 'a x c', { ruleSet: 'none' }); // 1 error / 3
    const b = computeWer('d', 'd', { ruleSet: 'none' }); // 0 / 1
    const c = computeWer('', 'e', { ruleSet: 'none' }); // 1 insertion / 0
    const t = summarizeWer([a, b, c]);
    expect([t.utterances, t.hits, t.substitutions, t.insertions, t.errors, t.refWords, t.sentenceErrors]).toEqual([3, 3, 1, 1, 2, 4, 2]);
    expect(t.wer).toBe(0.5); // (1 + 0 + 1) / (3 + 1 + 0); the mean of rates would differ
    expect(t.sentenceErrorRate).toBeCloseTo(2 / 3, 12);
    expect(summarizeWer([]).wer).toBeNull();
  });

  it('refuses to mix normalizations', () => {
    expect(() => summarizeWer([computeWer('a', 'a', { ruleSet: 'none' }), computeWer('a', 'a')])).toThrow(/normalization/);
  });
});
