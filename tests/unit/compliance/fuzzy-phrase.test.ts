/**
 * The fuzzy phrase search's pre-filter skips texts no alignment can fit; it must never change a result.
 * Checked against the search without it on the rule packs' own phrases and random texts built from their
 * words, recognizer-like misspellings of them, fillers and unrelated words.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePhrases, findPhrase, findPhraseUnfiltered } from '../../../shared/compliance/text/fuzzy-phrase';

const RULES = fileURLToPath(new URL('../../../resources/rules/', import.meta.url));

/** Every phrase list in the shipped rule packs. */
function packPhrases(): string[] {
  const out: string[] = [];
  for (const pack of ['disclosures', 'prompt-injection', 'hipaa', 'pci-dss']) {
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach((x) => (typeof x === 'string' ? out.push(x) : walk(x)));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(readFileSync(`${RULES}${pack}.json`, 'utf8')).rules);
  }
  return [...new Set(out.filter((s) => s.split(' ').length >= 2))];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const misspell = (w: string, r: () => number): string => {
  if (w.length < 4) return w;
  const i = 1 + Math.floor(r() * (w.length - 2));
  return r() < 0.5 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + 'e' + w.slice(i + 1);
};

describe('fuzzy phrase search', () => {
  it('finds a disclosure through recognizer errors', () => {
    const [phrase] = compilePhrases(['this call may be recorded']);
    expect(findPhrase('hi so this call maybe recorded for quality'.split(' '), phrase!, 0.3)).toHaveLength(1);
    expect(findPhrase('the weather is nice today'.split(' '), phrase!, 0.3)).toEqual([]);
  });

  it('the pre-filter never changes what is found', () => {
    const phrases = compilePhrases(packPhrases());
    expect(phrases.length).toBeGreaterThan(50);
    const vocabulary = [...new Set(phrases.flatMap((p) => p.words.filter((w): w is string => w !== null)))];
    const other = 'the a to my account balance please uh um okay yesterday card number seven four nine transfer'.split(' ');
    const r = rng(7);
    let compared = 0;
    let found = 0;
    for (let t = 0; t < 300; t++) {
      // Texts that hold a phrase (whole, with errors, or in part) among other words, or none at all.
      const words: string[] = [];
      const host = phrases[Math.floor(r() * phrases.length)]!;
      for (let k = 0; k < 3 + Math.floor(r() * 12); k++) words.push(r() < 0.6 ? other[Math.floor(r() * other.length)]! : vocabulary[Math.floor(r() * vocabulary.length)]!);
      if (r() < 0.6) {
        const at = Math.floor(r() * words.length);
        const inserted = host.words.filter((w): w is string => w !== null && r() < 0.9).map((w) => (r() < 0.2 ? misspell(w, r) : w));
        words.splice(at, 0, ...inserted);
      }
      for (const ratio of [0, 0.2, 0.3]) {
        for (const phrase of [host, phrases[Math.floor(r() * phrases.length)]!]) {
          const a = findPhrase(words, phrase, ratio);
          expect(a).toEqual(findPhraseUnfiltered(words, phrase, ratio));
          compared++;
          found += a.length;
        }
      }
    }
    expect(compared).toBe(1800);
    // The comparison covers matches, not only misses.
    expect(found).toBeGreaterThan(200);
  });
});
