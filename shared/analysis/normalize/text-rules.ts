/**
 * The non-numeric normalization rules, each a small pure function over text or tokens so the
 * pipeline (normalize.ts) can switch any of them off independently.
 */

import { asciiLowerCase, scliteTokens } from '../wer/tokenize';

export type CaseFolding = 'none' | 'ascii' | 'unicode';

/** Default filler words removed by the `fillers` rule (hesitations only, never lexical words like "like"). */
export const DEFAULT_FILLERS: readonly string[] = [
  'ah', 'ahh', 'eh', 'er', 'erm', 'hm', 'hmm', 'mm', 'mmm', 'uh', 'uhh', 'uhm', 'um', 'umm',
];

/**
 * Word splitting. With the whitespace rule on: any Unicode white space (incl. no-break and zero-width
 * spaces) separates words. Off: exactly sclite's splitting (ASCII white space, `word;tag`, trailing
 * `*`, null word `@`), case preserved here because case folding is its own rule.
 */
export function splitWords(text: string, whitespaceRule: boolean): string[] {
  if (!whitespaceRule) return scliteTokens(text, { caseSensitive: true });
  return text.split(/[\s\u200b\u2060\ufeff]+/u).filter((w) => w !== '');
}

export function foldCase(words: readonly string[], mode: CaseFolding): string[] {
  if (mode === 'none') return words.slice();
  return words.map((w) => (mode === 'ascii' ? asciiLowerCase(w) : w.toLowerCase()));
}

/** Text-level part of the punctuation rule, done before splitting so "p.m." and curly quotes are caught. */
export function punctuationPreSplit(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc\u2032]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/\b([ap])\.\s?m\.(?=\s|$|[,;!?)])/gi, (_, l: string) => `${l}m`)
    .replace(/\b([ap])\.\s?m\b/gi, (_, l: string) => `${l}m`);
}

/** A word of ASCII letters and digits only: nothing for the punctuation rules to do. */
const PLAIN = /^[A-Za-z0-9]+$/;

/**
 * Token-level punctuation rule: drops punctuation around words and inside them, keeping only what
 * carries meaning for speech: apostrophes inside words (don't), '.', ':' and ',' between digits
 * (5.50, 3:30, 1,000), '-' (the hyphen rule decides), leading currency symbols and a trailing '%'.
 * Abbreviation dots go ("u.s." → "us"). Characters like '/' split words ("and/or" → "and or").
 */
export function stripPunctuation(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    // Most words are plain letters and digits, which every rule below leaves as they are: skip the rules'
    // Unicode-aware expressions for them (they were the import's largest cost).
    if (PLAIN.test(word)) {
      out.push(word);
      continue;
    }
    const spaced = word
      .replace(/(\p{L})\.(?=\p{L})/gu, '$1')
      .replace(/[^\p{L}\p{M}\p{N}'\-\u2010-\u2015.:,$€£%]/gu, ' ');
    for (const piece of spaced.split(' ')) {
      const cleaned = piece
        .replace(/(?<!\p{N})[.:,]|[.:,](?!\p{N})/gu, '')
        .replace(/(?<!\p{L})'|'(?!\p{L})/gu, '')
        .replace(/^[^\p{L}\p{M}\p{N}$€£]+/u, (m) => (/[-\u2010-\u2015]/.test(m) ? '' : m.replace(/[^$€£]/g, '')))
        .replace(/[^\p{L}\p{M}\p{N}%]+$/u, '');
      if (cleaned !== '' && /[\p{L}\p{N}]/u.test(cleaned)) out.push(cleaned);
    }
  }
  return out;
}

/**
 * Hyphen rule: hyphens (and en/em dashes) between digits are dropped ("555-1234" → "5551234"), any
 * other hyphen separates words ("twenty-three" → "twenty three", "follow-up" → "follow up").
 */
export function splitHyphens(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (!/[-\u2010-\u2015]/.test(word)) {
      out.push(word);
      continue;
    }
    const joined = word.replace(/(?<=\d)[-\u2010-\u2015]+(?=\d)/g, '');
    for (const part of joined.split(/[-\u2010-\u2015]+/)) if (part !== '') out.push(part);
  }
  return out;
}

export function removeFillers(words: readonly string[], fillers: readonly string[]): string[] {
  const set = new Set(fillers.map((f) => f.toLowerCase()));
  return words.filter((w) => !set.has(w.toLowerCase()));
}
