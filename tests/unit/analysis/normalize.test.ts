import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64 } from '../../../shared/analysis/normalize/hash';
import { normalizeText, normalizeWordList, normalizeWords } from '../../../shared/analysis/normalize/normalize';
import {
  customizeRuleSet, defineRuleSet, getRuleSet, NORMALIZER_ENGINE_VERSION, RULE_SET_DEFAULT, RULE_SET_LENIENT, RULE_SET_NONE,
} from '../../../shared/analysis/normalize/rule-sets';
import { parseSpokenNumber } from '../../../shared/analysis/normalize/spoken-numbers';

const d = (text: string): string => normalizeText(text, RULE_SET_DEFAULT);

describe('hash', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
  it('hashes UTF-8 bytes (é = c3 a9)', () => {
    expect(fnv1a64('\u00e9')).toBe(fnv1a64String([0xc3, 0xa9]));
  });
  it('canonical JSON sorts keys recursively and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 'x' }], u: undefined })).toBe('{"a":[2,{"c":"x","d":1}],"b":1}');
  });
});

/** Reference FNV-1a 64 over raw bytes, written independently of the implementation. */
function fnv1a64String(bytes: number[]): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) % 2n ** 64n;
  return h.toString(16).padStart(16, '0');
}

describe('rule sets', () => {
  it('has stable ids and golden hashes (bump the version when these change)', () => {
    expect([RULE_SET_NONE.id, RULE_SET_DEFAULT.id, RULE_SET_LENIENT.id]).toEqual(['none@1', 'turnscope-default@1', 'turnscope-lenient@1']);
    expect(NORMALIZER_ENGINE_VERSION).toBe(1);
    expect(RULE_SET_NONE.hash).toBe('d7e7dc7645b2c3f0');
    expect(RULE_SET_DEFAULT.hash).toBe('771649d53a645d40');
    expect(RULE_SET_LENIENT.hash).toBe('cd943ba61e03db0b');
  });
  it('hash is the FNV-1a 64 of the canonical definition', () => {
    const { name, version, rules, fillerWords } = RULE_SET_DEFAULT;
    expect(RULE_SET_DEFAULT.hash).toBe(fnv1a64(canonicalJson({ engine: 1, name, version, rules, fillerWords })));
  });
  it('looks up by id or bare name and refuses unknown ones', () => {
    expect(getRuleSet('turnscope-default')).toBe(RULE_SET_DEFAULT);
    expect(getRuleSet('none@1')).toBe(RULE_SET_NONE);
    expect(() => getRuleSet('nope')).toThrow(/unknown normalization rule set "nope"/);
  });
  it('switching a rule off gives a new name and hash', () => {
    const noNumbers = customizeRuleSet(RULE_SET_DEFAULT, { numbers: false });
    expect(noNumbers.id).toBe('turnscope-default~custom@1');
    expect(noNumbers.hash).not.toBe(RULE_SET_DEFAULT.hash);
    expect(normalizeText('Twenty-three', noNumbers)).toBe('twenty three');
    expect(normalizeText('Twenty-three', RULE_SET_DEFAULT)).toBe('23');
    const sameRulesOtherOrder = defineRuleSet({ ...RULE_SET_DEFAULT, fillerWords: [...RULE_SET_DEFAULT.fillerWords].reverse() });
    expect(sameRulesOtherOrder.hash).toBe(RULE_SET_DEFAULT.hash);
  });
  it('validates definitions', () => {
    expect(() => defineRuleSet({ ...RULE_SET_DEFAULT, version: 0 })).toThrow(/version/);
    expect(() => defineRuleSet({ ...RULE_SET_DEFAULT, rules: { ...RULE_SET_DEFAULT.rules, numbers: 'yes' as unknown as boolean } })).toThrow(/numbers/);
  });
});

describe('rule set none (sclite)', () => {
  it('only splits and folds ASCII case', () => {
    expect(normalizeWords('Hello, World  twenty-three', RULE_SET_NONE)).toEqual(['hello,', 'world', 'twenty-three']);
  });
});

describe('turnscope-default rules', () => {
  it('case, punctuation and white space', () => {
    expect(d('  Don\u2019t \u201cquote\u201d me,\u00a0O\u2019Brien!  ')).toBe("don't quote me o'brien");
    expect(d('U.S.A. and/or -- ok')).toBe('usa and or ok');
  });
  it('hyphens', () => {
    expect(d('follow-up call 555-1234')).toBe('follow up call 5551234');
  });
  it('cardinals and digit strings', () => {
    expect(d('twenty three')).toBe('23');
    expect(d('one hundred and five')).toBe('105');
    expect(d('three thousand two hundred')).toBe('3200');
    expect(d('four one one one')).toBe('4111');
    expect(d('4 1 1 1')).toBe('4111');
    expect(d('four oh one')).toBe('401');
    expect(d('oh okay')).toBe('oh okay');
    expect(d('double five six')).toBe('556');
    expect(d('1,250 and 5 thousand')).toBe('1250 and 5000');
    expect(d('five point five')).toBe('5.5');
  });
  it('ordinals', () => {
    expect(d('the third')).toBe('the 3rd');
    expect(d('twenty-first')).toBe('21st');
    expect(d('one hundred and third')).toBe('103rd');
    expect(d('the 3rd')).toBe('the 3rd');
  });
  it('years', () => {
    expect(d('nineteen ninety nine')).toBe('1999');
    expect(d('twenty oh five')).toBe('2005');
    expect(d('two thousand and five')).toBe('2005');
    expect(d('nineteen hundred')).toBe('1900');
  });
  it('times with am/pm', () => {
    expect(d('three thirty p.m.')).toBe('3:30 pm');
    expect(d('3:30PM')).toBe('3:30 pm');
    expect(d('at 3:00 p.m.')).toBe('at 3 pm');
    expect(d('three pm')).toBe('3 pm');
    expect(d('nine oh five a m')).toBe('9:05 am');
    expect(d('seven thirty')).toBe('730'); // no am/pm: an ordinary digit string
  });
  it('money and percent', () => {
    expect(d('$5')).toBe('5 dollars');
    expect(d('five dollars')).toBe('5 dollars');
    expect(d('$5.50')).toBe('5.50 dollars');
    expect(d('five dollars and fifty cents')).toBe('5.50 dollars');
    expect(d('$1,000.00')).toBe('1000 dollars');
    expect(d('one dollar')).toBe('1 dollars');
    expect(d('50%')).toBe('50 percent');
    expect(d('fifty per cent')).toBe('50 percent');
  });
  it('keeps fillers; the lenient set removes them', () => {
    expect(d('uh I um need help')).toBe('uh i um need help');
    expect(normalizeText('uh I um need help', RULE_SET_LENIENT)).toBe('i need help');
  });
});

describe('normalizeWordList origins', () => {
  it('maps merged and split words back to their source words', () => {
    const r = normalizeWordList(['Four', 'one', 'one', 'one,', 'follow-up'], RULE_SET_DEFAULT);
    expect(r.words).toEqual(['4111', 'follow', 'up']);
    expect(r.origins).toEqual([{ from: 0, to: 3 }, { from: 4, to: 4 }, { from: 4, to: 4 }]);
  });
  it('tracks times and money through their rewrites', () => {
    const r = normalizeWordList(['pay', 'five', 'dollars', 'at', 'three', 'thirty', 'pm'], RULE_SET_DEFAULT);
    expect(r.words).toEqual(['pay', '5', 'dollars', 'at', '3:30', 'pm']);
    expect(r.origins.map((o) => [o.from, o.to])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 5], [6, 6]]);
  });
});

describe('parseSpokenNumber', () => {
  it('stops where a new number starts', () => {
    expect(parseSpokenNumber(['four', 'one', 'one'], 0)).toEqual({ value: 4, end: 1, ordinal: false });
    expect(parseSpokenNumber(['twenty', 'three', 'apples'], 0)).toEqual({ value: 23, end: 2, ordinal: false });
    expect(parseSpokenNumber(['hundred'], 0)).toBeNull();
    expect(parseSpokenNumber(['and', 'five'], 0)).toBeNull();
    expect(parseSpokenNumber(['two', 'million', 'three', 'thousand', 'and', 'one'], 0)).toEqual({ value: 2_003_001, end: 6, ordinal: false });
  });
});

describe('canonical forms are fixpoints', () => {
  it('normalizing twice changes nothing for every parity-set sentence', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parseTrn } = await import('../../../shared/analysis/wer/trn');
    const texts = ['ref.trn', 'hyp.trn'].flatMap((f) => parseTrn(readFileSync(join(__dirname, '../../fixtures/sclite', f), 'utf8')).map((e) => e.text));
    expect(texts.length).toBeGreaterThan(1000);
    const changed = texts.filter((t) => d(d(t)) !== d(t));
    expect(changed).toEqual([]);
  });
});
