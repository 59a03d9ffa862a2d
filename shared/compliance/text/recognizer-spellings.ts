/**
 * Speech recognizers write digits as the words that sound like them: "four" comes out "for", "two" as
 * "to", "one" as "won", "eight" as "ate". Read as text those are ordinary words, so a card number spoken
 * digit by digit arrives with holes in it. This pass reads such words as digits, but only inside a run of
 * digit-like tokens that holds real digits too, so "thanks for calling" stays what it is.
 *
 * Its opposite: counts said next to digits ("the last four is 1111", "the three digit code") are not
 * digits of the number and are masked out before numbers are normalized.
 */

/** Recognizer spellings → the digit word they stand for. */
export const RECOGNIZER_SPELLINGS: Readonly<Record<string, string>> = {
  for: 'four', fore: 'four', 'for\u2019': 'four',
  to: 'two', too: 'two',
  won: 'one', juan: 'one',
  ate: 'eight',
  tree: 'three', free: 'three',
  fife: 'five',
  sicks: 'six',
  niner: 'nine', nein: 'nine',
  owe: 'oh',
};

const DIGIT_WORDS = new Set(['zero', 'oh', 'o', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
const NUMBER_WORDS = new Set([
  ...DIGIT_WORDS, 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
  'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'double', 'triple',
]);
const COUNT_BEFORE = new Set(['last', 'first', 'next', 'final', 'other', 'remaining']);
const SMALL_COUNT = new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', '2', '3', '4', '5', '6', '7', '8', '9']);
const MONTH_WORDS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
const COUNT_AFTER = new Set(['digit', 'digits', 'numbers', 'letters', 'times', 'months', 'years', 'days']);

/** Stands in for a masked count word: a word the normalizer leaves alone and no detector looks for. */
export const COUNT_PLACEHOLDER = 'countword';

const bare = (s: string): string => s.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** Number of digits a token clearly carries: a numeral's length, 1 for a digit word, 0 otherwise. */
function realDigits(token: string): number {
  const b = bare(token);
  if (/^\d[\d\-–]*$/.test(b)) return b.replace(/\D/g, '').length;
  return NUMBER_WORDS.has(b) && b !== 'oh' && b !== 'o' && b !== 'double' && b !== 'triple' ? 1 : 0;
}

const isSpelling = (token: string): boolean => Object.prototype.hasOwnProperty.call(RECOGNIZER_SPELLINGS, bare(token));

/**
 * Replaces count words ("the last four", "three digit code") with a placeholder. Only small counts, and not
 * after a month ("March first, nineteen forty" is a date, not a count).
 */
export function maskCountWords(tokens: readonly string[]): string[] {
  return tokens.map((t, i) => {
    const b = bare(t);
    if (!SMALL_COUNT.has(b)) return t;
    const prev = i > 0 ? bare(tokens[i - 1]!) : '';
    const prevPrev = i > 1 ? bare(tokens[i - 2]!) : '';
    const next = i + 1 < tokens.length ? bare(tokens[i + 1]!) : '';
    const afterCountWord = COUNT_BEFORE.has(prev) && !MONTH_WORDS.has(prevPrev) && !/[,.;:]$/.test(tokens[i - 1]!);
    return afterCountWord || COUNT_AFTER.has(next) ? COUNT_PLACEHOLDER : t;
  });
}

/**
 * Reads recognizer spellings as digit words inside runs of digit-like tokens with at least two real
 * digits. Returns null when nothing was read differently (the caller then skips a second normalization).
 */
export function readRecognizerSpellings(tokens: readonly string[]): string[] | null {
  const out = tokens.slice();
  let changed = false;
  for (let i = 0; i < tokens.length; ) {
    if (realDigits(tokens[i]!) === 0 && !isSpelling(tokens[i]!) && !DIGIT_WORDS.has(bare(tokens[i]!))) {
      i++;
      continue;
    }
    let j = i;
    let digits = 0;
    let spellings = 0;
    for (; j < tokens.length; j++) {
      const t = tokens[j]!;
      const d = realDigits(t);
      if (d > 0) digits += d;
      else if (isSpelling(t)) spellings++;
      else if (!DIGIT_WORDS.has(bare(t))) break;
    }
    if (digits >= 2 && spellings > 0 && j - i >= 2) {
      for (let k = i; k < j; k++) {
        if (isSpelling(tokens[k]!)) {
          out[k] = RECOGNIZER_SPELLINGS[bare(tokens[k]!)]!;
          changed = true;
        }
      }
    }
    i = Math.max(j, i + 1);
  }
  return changed ? out : null;
}
