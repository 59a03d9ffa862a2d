/**
 * Dates as they come out of the normalizer: "march 14th 1985", "14th of march 1985", "march 1485"
 * (from "march fourteen eighty five"), "03141985" (from "03/14/1985"), and card expiry dates
 * ("0427", "427", "april 2027"). Each reader takes normalized words from a position and returns the
 * date and how many words it used, or null.
 */

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};

export interface ParsedDate {
  month: number;
  day: number | null;
  year: number;
  /** Normalized words consumed from the start position. */
  length: number;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const validDay = (month: number, day: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;

function fullYear(y: string): number | null {
  if (/^\d{4}$/.test(y)) return Number(y);
  if (/^\d{2}$/.test(y)) {
    const n = Number(y);
    return n <= 30 ? 2000 + n : 1900 + n;
  }
  return null;
}

const ordinalDay = (w: string | undefined): number | null => {
  const m = w ? /^(\d{1,2})(st|nd|rd|th)?$/.exec(w) : null;
  return m ? Number(m[1]) : null;
};

/** A numeric date MMDDYYYY / MMDDYY / MDDYYYY… (slashes were split off and the parts merged). */
export function numericDate(digits: string, minYear: number, maxYear: number): ParsedDate | null {
  if (!/^\d{5,8}$/.test(digits)) return null;
  for (const mLen of [2, 1]) {
    for (const dLen of [2, 1]) {
      const yLen = digits.length - mLen - dLen;
      if (yLen !== 2 && yLen !== 4) continue;
      const month = Number(digits.slice(0, mLen));
      const day = Number(digits.slice(mLen, mLen + dLen));
      const year = fullYear(digits.slice(mLen + dLen));
      if (year !== null && validDay(month, day) && year >= minYear && year <= maxYear) return { month, day, year, length: 1 };
    }
  }
  return null;
}

/** A date of birth starting at words[i], in any spoken or written form. */
export function readDate(words: readonly string[], i: number, minYear: number, maxYear: number): ParsedDate | null {
  const w = words[i];
  if (w === undefined) return null;
  const ok = (d: ParsedDate): ParsedDate | null => (d.year >= minYear && d.year <= maxYear && (d.day === null || validDay(d.month, d.day)) ? d : null);
  const month = MONTHS[w];
  if (month !== undefined) {
    const next = words[i + 1];
    const day = ordinalDay(next);
    const skipOf = words[i + 2] === 'of' || words[i + 2] === 'in' ? 1 : 0;
    const yearWord = words[i + 2 + skipOf];
    if (day !== null && yearWord !== undefined) {
      const year = fullYear(yearWord);
      if (year !== null) return ok({ month, day, year, length: 3 + skipOf });
    }
    // "march 1485": day and two-digit year merged into one digit string.
    if (next !== undefined && /^\d{3,6}$/.test(next)) {
      for (const dLen of [2, 1]) {
        const year = fullYear(next.slice(dLen));
        const d = Number(next.slice(0, dLen));
        if (year !== null && validDay(month, d)) {
          const r = ok({ month, day: d, year, length: 2 });
          if (r) return r;
        }
      }
    }
    return null;
  }
  const day = ordinalDay(w);
  if (day !== null && /(st|nd|rd|th)$/.test(w)) {
    const skipOf = words[i + 1] === 'of' ? 1 : 0;
    const m = MONTHS[words[i + 1 + skipOf] ?? ''];
    const yearWord = words[i + 2 + skipOf];
    const year = yearWord !== undefined ? fullYear(yearWord) : null;
    if (m !== undefined && year !== null) return ok({ month: m, day, year, length: 3 + skipOf });
    return null;
  }
  if (/^\d+$/.test(w)) {
    const d = numericDate(w, minYear, maxYear);
    if (d) return d;
    // "3 14 1985" with pauses: separate pieces.
    const dd = words[i + 1];
    const yy = words[i + 2];
    if (dd && yy && /^\d{1,2}$/.test(w) && /^\d{1,2}$/.test(dd)) {
      const year = fullYear(yy);
      if (year !== null) return ok({ month: Number(w), day: Number(dd), year, length: 3 });
    }
  }
  return null;
}

/** A card expiry starting at words[i]: "0427", "427", "042027", "april 2027", "april 27", "4 27". */
export function readExpiry(words: readonly string[], i: number): { month: number; year: number; length: number } | null {
  const w = words[i];
  if (w === undefined) return null;
  const month = MONTHS[w];
  if (month !== undefined) {
    const skipOf = words[i + 1] === 'of' ? 1 : 0;
    const y = words[i + 1 + skipOf];
    const year = y !== undefined && /^\d{2}$|^20\d{2}$/.test(y) ? fullYear(y) : null;
    return year !== null ? { month, year, length: 2 + skipOf } : null;
  }
  if (!/^\d+$/.test(w)) return null;
  const split = (mLen: number, yLen: number): { month: number; year: number } | null => {
    if (w.length !== mLen + yLen) return null;
    const m = Number(w.slice(0, mLen));
    const y = w.slice(mLen);
    if (m < 1 || m > 12 || (yLen === 4 && !y.startsWith('20'))) return null;
    return { month: m, year: fullYear(y)! };
  };
  const one = split(2, 2) ?? split(1, 2) ?? split(2, 4) ?? split(1, 4);
  if (one) return { ...one, length: 1 };
  // "12 27", and "twelve slash twenty seven" as a recognizer writes a spoken slash.
  const slash = words[i + 1] === 'slash' ? 1 : 0;
  const next = words[i + 1 + slash];
  if (/^\d{1,2}$/.test(w) && next !== undefined && /^\d{2}$/.test(next) && Number(w) >= 1 && Number(w) <= 12) {
    return { month: Number(w), year: fullYear(next)!, length: 2 + slash };
  }
  return null;
}
