/**
 * The `numbers` normalization rule: spoken and written numbers, digit strings, ordinals, years,
 * clock times and money all rewritten to one canonical written form, so that "twenty three" = "23",
 * "four one one one" = "4111", "nineteen ninety nine" = "1999", "third" = "3rd",
 * "three thirty p m" = "3:30 pm" and "$5" = "five dollars" = "5 dollars".
 *
 * Canonical forms (both reference and hypothesis go through the same passes, so consistency matters
 * more than linguistic truth):
 * - integers: plain digits without grouping commas ("1,000" → "1000");
 * - adjacent integers merge into one digit string: "four one one one" → "4111", "nineteen ninety
 *   nine" → "19" "99" → "1999", "one twenty three" → "123"; "oh"/"o" inside a digit string is zero
 *   ("four oh one" → "401", "twenty oh five" → "2005"), "double five" → "55", "triple" likewise;
 * - decimals: "five point five" → "5.5";
 * - ordinals: digits + suffix ("twenty first" → "21st");
 * - clock times only when followed by am/pm: "H:MM am|pm", with ":00" dropped ("3:00 p.m." → "3 pm");
 *   without am/pm "seven thirty" is an ordinary digit string ("730");
 * - money: "<amount> dollars|euros|pounds" with cents folded into the amount ("five dollars and fifty
 *   cents" → "5.50 dollars", "$5" → "5 dollars", "$5.00" → "5 dollars"); "%" → "percent".
 */

import { digitWordValue, ordinalSuffix, parseSpokenNumber, UNITS } from './spoken-numbers';

/** A word with the range of source words it came from, so callers can map results back to timings. */
export interface TrackedWord {
  text: string;
  /** First and last index (inclusive) of the source words this word was derived from. */
  from: number;
  to: number;
}

interface Tok extends TrackedWord {
  /** Set for plain non-negative integers (written or spoken); these may merge into digit strings. */
  digits?: string;
}

/** Origin range covering toks[a..b]. */
const span = (toks: readonly TrackedWord[], a: number, b: number): { from: number; to: number } => ({
  from: toks[a]!.from,
  to: toks[Math.min(b, toks.length - 1)]!.to,
});

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: 'dollars', '€': 'euros', '£': 'pounds' };
const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  dollar: 'dollars', dollars: 'dollars', euro: 'euros', euros: 'euros', pound: 'pounds', pounds: 'pounds',
};
const SCALE_WORDS: Readonly<Record<string, number>> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };

const isDigits = (s: string): boolean => /^\d+$/.test(s);
const lower = (t: Tok | undefined): string => (t ? t.text.toLowerCase() : '');

/** Pass A: split symbols glued to numbers and drop digit-group commas. */
function splitSymbols(words: readonly TrackedWord[]): TrackedWord[] {
  const out: TrackedWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const t = words[i]!;
    const w = t.text;
    const at = (text: string): TrackedWord => ({ text, from: t.from, to: t.to });
    if (w.toLowerCase() === 'per' && words[i + 1]?.text.toLowerCase() === 'cent') {
      out.push({ text: 'percent', from: t.from, to: words[i + 1]!.to });
      i++;
      continue;
    }
    let m = /^([$€£])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/.exec(w);
    if (m) {
      out.push(at(m[2]!.replace(/,/g, '') + (m[3] ?? '')), at(CURRENCY_SYMBOLS[m[1]!]!));
      continue;
    }
    m = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?%$/.exec(w);
    if (m) {
      out.push(at(m[1]!.replace(/,/g, '') + (m[2] ?? '')), at('percent'));
      continue;
    }
    m = /^(\d{1,2}(?::\d{2})?)([ap])\.?m\.?$/i.exec(w);
    if (m) {
      out.push(at(m[1]!), at(`${m[2]!.toLowerCase()}m`));
      continue;
    }
    out.push(/^\d{1,3}(?:,\d{3})+(\.\d+)?$/.test(w) ? at(w.replace(/,/g, '')) : t);
  }
  return out;
}

/** Pass B: spoken numbers → digits; written integers marked as digits; "<n> thousand" → n*1000. */
function parseNumbers(input: readonly TrackedWord[]): Tok[] {
  const words = input.map((t) => t.text);
  const out: Tok[] = [];
  for (let i = 0; i < words.length; ) {
    const w = words[i]!;
    const parsed = parseSpokenNumber(words, i);
    if (parsed) {
      const start = i;
      i = parsed.end;
      if (parsed.ordinal) {
        out.push({ text: `${parsed.value}${ordinalSuffix(parsed.value)}`, ...span(input, start, i - 1) });
        continue;
      }
      // "five point five": a decimal point followed by spoken digits.
      if (words[i]?.toLowerCase() === 'point' && digitWordValue(words[i + 1] ?? '') !== undefined) {
        let frac = '';
        let k = i + 1;
        for (; k < words.length && digitWordValue(words[k]!) !== undefined; k++) frac += String(digitWordValue(words[k]!));
        out.push({ text: `${parsed.value}.${frac}`, ...span(input, start, k - 1) });
        i = k;
        continue;
      }
      out.push({ text: String(parsed.value), digits: String(parsed.value), ...span(input, start, i - 1) });
      continue;
    }
    if (isDigits(w)) {
      const scale = SCALE_WORDS[words[i + 1]?.toLowerCase() ?? ''];
      if (scale !== undefined && Number(w) * scale <= Number.MAX_SAFE_INTEGER) {
        const value = String(Number(w) * scale);
        out.push({ text: value, digits: value, ...span(input, i, i + 1) });
        i += 2;
        continue;
      }
      out.push({ ...input[i]!, digits: w });
      i++;
      continue;
    }
    out.push({ ...input[i]! });
    i++;
  }
  return out;
}

/** am/pm at position i ("pm", or "p" "m"); returns [canonical, tokens consumed]. */
function meridiem(toks: readonly Tok[], i: number): [string, number] | null {
  const a = lower(toks[i]);
  if (a === 'am' || a === 'pm') return [a, 1];
  if ((a === 'a' || a === 'p') && lower(toks[i + 1]) === 'm') return [`${a}m`, 2];
  return null;
}

/** Pass T: clock times before am/pm. */
function rewriteTimes(toks: readonly Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const written = /^(\d{1,2}):(\d{2})$/.exec(t.text);
    const hour = written ? Number(written[1]) : t.digits !== undefined && !t.digits.startsWith('0') ? Number(t.digits) : NaN;
    if (!(hour >= 1 && hour <= 12)) {
      out.push(t);
      continue;
    }
    let minutes = written ? written[2]! : '00';
    let k = i + 1;
    if (!written) {
      const next = toks[k];
      const after = toks[k + 1];
      if ((lower(next) === 'oh' || lower(next) === 'o') && after?.digits?.length === 1) {
        minutes = `0${after.digits}`;
        k += 2;
      } else if (next?.digits !== undefined && Number(next.digits) >= 10 && Number(next.digits) <= 59) {
        minutes = next.digits;
        k += 1;
      }
    }
    const ampm = meridiem(toks, k);
    if (!ampm || Number(minutes) > 59) {
      out.push(t);
      continue;
    }
    const lastAmPm = k + ampm[1] - 1;
    out.push({ text: minutes === '00' ? String(hour) : `${hour}:${minutes}`, ...span(toks, i, k - 1) }, { text: ampm[0], ...span(toks, k, lastAmPm) });
    i = k + ampm[1] - 1;
  }
  return out;
}

/** Pass C: adjacent integers (and "oh", "double", "triple" between them) become one digit string. */
function mergeDigitStrings(toks: readonly Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; ) {
    let digits = '';
    let parts = 0;
    let k = i;
    for (; k < toks.length; k++) {
      const t = toks[k]!;
      const w = lower(t);
      const next = toks[k + 1];
      if (t.digits !== undefined) {
        digits += t.digits;
        parts++;
      } else if ((w === 'double' || w === 'triple') && next?.digits?.length === 1) {
        const times = w === 'double' ? 2 : 3;
        digits += next.digits.repeat(times);
        parts += times;
        k++;
      } else if ((w === 'oh' || w === 'o') && (parts > 0 || digitFollows(toks, k + 1))) {
        // "oh" is zero only inside a digit string, so "oh okay" is left alone.
        digits += '0';
        parts++;
      } else break;
    }
    if (parts >= 2) {
      out.push({ text: digits, digits, ...span(toks, i, k - 1) });
      i = k;
    } else {
      out.push(toks[i]!);
      i++;
    }
  }
  return out;
}

/** True when an integer follows position k, possibly after more "oh"s. */
function digitFollows(toks: readonly Tok[], k: number): boolean {
  for (; k < toks.length; k++) {
    if (toks[k]!.digits !== undefined) return true;
    const w = lower(toks[k]);
    if (w !== 'oh' && w !== 'o') return false;
  }
  return false;
}

/** Pass M: money amounts with a currency word, cents folded in. */
function rewriteMoney(toks: readonly Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const amount = /^\d+(\.\d+)?$/.test(t.text) ? t.text : null;
    const currency = CURRENCY_WORDS[lower(toks[i + 1])];
    if (amount === null || currency === undefined) {
      out.push(t);
      continue;
    }
    let k = i + 2;
    let value = amount.replace(/\.0+$/, '');
    if (!value.includes('.')) {
      const andOffset = lower(toks[k]) === 'and' ? 1 : 0;
      const cents = toks[k + andOffset];
      const unit = lower(toks[k + andOffset + 1]);
      if (cents?.digits !== undefined && Number(cents.digits) < 100 && (unit === 'cents' || unit === 'cent')) {
        const cc = cents.digits.padStart(2, '0');
        if (cc !== '00') value = `${value}.${cc}`;
        k += andOffset + 2;
      }
    }
    out.push({ text: value, ...span(toks, i, k === i + 2 ? i : k - 1) }, { text: currency, ...span(toks, i + 1, k - 1) });
    i = k - 1;
  }
  return out;
}

/** Applies all number passes to a word list. */
export function normalizeNumbers(words: readonly string[]): string[] {
  return normalizeNumbersTracked(words.map((text, i) => ({ text, from: i, to: i }))).map((t) => t.text);
}

/** Same, keeping for every output word the range of input words it came from. */
export function normalizeNumbersTracked(words: readonly TrackedWord[]): TrackedWord[] {
  const toks = parseNumbers(splitSymbols(words));
  return rewriteMoney(mergeDigitStrings(rewriteTimes(toks))).map(({ text, from, to }) => ({ text, from, to }));
}

/** Exposed for tests: is this word a spoken digit (zero..nine)? */
export function isSpokenDigit(word: string): boolean {
  return Object.prototype.hasOwnProperty.call(UNITS, word.toLowerCase());
}
