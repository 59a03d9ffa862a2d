/**
 * English number words → values. Only the lexicon and a greedy cardinal/ordinal parser live here;
 * how parsed numbers are rewritten (digit strings, years, times, money) is number-rules.ts.
 * Lookups are on lower-cased words so the parser works whether or not the case rule ran.
 */

export const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};

export const TEENS: Readonly<Record<string, number>> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};

export const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

const SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
};
const ORDINAL_TEENS: Readonly<Record<string, number>> = {
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16,
  seventeenth: 17, eighteenth: 18, nineteenth: 19,
};
const ORDINAL_TENS: Readonly<Record<string, number>> = {
  twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90,
};
const ORDINAL_SCALES: Readonly<Record<string, number>> = { hundredth: 100, thousandth: 1_000, millionth: 1_000_000 };

export interface ParsedNumber {
  value: number;
  /** Index one past the last consumed token. */
  end: number;
  ordinal: boolean;
}

function lookup(table: Readonly<Record<string, number>>, word: string | undefined): number | undefined {
  return word === undefined ? undefined : Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined;
}

/** True for words that can start or continue a spoken number (used to decide whether "and" joins). */
function isNumberWord(word: string | undefined): boolean {
  return (
    lookup(UNITS, word) !== undefined ||
    lookup(TEENS, word) !== undefined ||
    lookup(TENS, word) !== undefined ||
    lookup(ORDINAL_UNITS, word) !== undefined ||
    lookup(ORDINAL_TEENS, word) !== undefined ||
    lookup(ORDINAL_TENS, word) !== undefined
  );
}

type Last = 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

/**
 * Greedy parse of a spoken cardinal or ordinal starting at `start` ("twenty three", "one hundred and
 * five", "three thousand two hundred", "twenty first"). Stops where English grammar would start a new
 * number, so "four one one" yields 4 and leaves "one one" for the next call: those become digit strings.
 * Returns null when `words[start]` is not a number word.
 */
export function parseSpokenNumber(words: readonly string[], start: number): ParsedNumber | null {
  let total = 0; // completed thousands/millions
  let current = 0; // the group below the last scale word
  let lastScale = Infinity;
  let last: Last = 'none';
  let i = start;
  for (; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    const unit = lookup(UNITS, w);
    const teen = lookup(TEENS, w);
    const tens = lookup(TENS, w);
    const scale = lookup(SCALES, w);
    const afterGroupStart = last === 'none' || last === 'hundred' || last === 'scale';
    if (unit !== undefined && (afterGroupStart || last === 'tens')) {
      if (unit === 0 && last !== 'none') break; // "twenty zero" is not a number
      current += unit;
      last = 'unit';
      if (unit === 0) return { value: 0, end: i + 1, ordinal: false };
      continue;
    }
    if ((teen !== undefined || tens !== undefined) && afterGroupStart) {
      current += (teen ?? tens)!;
      last = teen !== undefined ? 'teen' : 'tens';
      continue;
    }
    if (scale === 100 && (last === 'unit' || last === 'teen' || last === 'tens') && current % 100 === current && current > 0) {
      current *= 100;
      last = 'hundred';
      continue;
    }
    if (scale !== undefined && scale > 100 && last !== 'none' && last !== 'scale' && scale < lastScale && current > 0) {
      total += current * scale;
      current = 0;
      lastScale = scale;
      last = 'scale';
      continue;
    }
    if (w === 'and' && (last === 'hundred' || last === 'scale') && isNumberWord(words[i + 1]?.toLowerCase())) {
      continue;
    }
    const ordUnit = lookup(ORDINAL_UNITS, w);
    const ordTeen = lookup(ORDINAL_TEENS, w);
    const ordTens = lookup(ORDINAL_TENS, w);
    const ordScale = lookup(ORDINAL_SCALES, w);
    if (ordUnit !== undefined && (afterGroupStart || last === 'tens')) {
      return { value: total + current + ordUnit, end: i + 1, ordinal: true };
    }
    if ((ordTeen !== undefined || ordTens !== undefined) && afterGroupStart) {
      return { value: total + current + (ordTeen ?? ordTens)!, end: i + 1, ordinal: true };
    }
    if (ordScale !== undefined && last !== 'none' && last !== 'scale' && current > 0) {
      return { value: total + current * ordScale, end: i + 1, ordinal: true };
    }
    break;
  }
  if (last === 'none') return null;
  return { value: total + current, end: i, ordinal: false };
}

/** Digit value of a word inside a spoken digit string ("oh" counts as zero there only). */
export function digitWordValue(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w === 'oh' || w === 'o') return 0;
  return lookup(UNITS, w);
}

/** English ordinal suffix: 1st 2nd 3rd 4th, 11th-13th. */
export function ordinalSuffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return 'th';
  switch (n % 10) {
    case 1:
      return 'st';
    case 2:
      return 'nd';
    case 3:
      return 'rd';
    default:
      return 'th';
  }
}

/**
 * The most digits one word can put into a normalized number: a unit or ordinal unit 1, a teen or tens word
 * (cardinal or ordinal) 2, a scale word generously 13 (its zeros and an implied "one" before it), anything
 * else 0. An upper bound for skipping text that cannot hold a long number, never an estimate.
 */
export function maxDigitsOfNumberWord(word: string): number {
  const w = word.toLowerCase();
  if (w in UNITS || w in ORDINAL_UNITS) return 1;
  if (w in TEENS || w in TENS || w in ORDINAL_TEENS || w in ORDINAL_TENS) return 2;
  if (w in SCALES || w in ORDINAL_SCALES) return 13;
  return 0;
}
