/**
 * Payment card checks: the Luhn (mod 10) check digit every card number carries, and the issuer ranges
 * (IIN prefixes with the lengths each network issues). A digit string that passes Luhn and sits in a real
 * issuer range is a card number even without a word of context; one that passes Luhn outside every range
 * needs context ("card", "visa"), because one random number in ten passes Luhn.
 */

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

interface Range {
  brand: string;
  /** Inclusive prefix range, compared on the first `from.length` digits. */
  from: string;
  to: string;
  lengths: readonly number[];
}

const R = (brand: string, from: string, to: string, lengths: readonly number[]): Range => ({ brand, from, to, lengths });
const span = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

const RANGES: readonly Range[] = [
  R('visa', '4', '4', [13, 16, 19]),
  R('mastercard', '51', '55', [16]),
  R('mastercard', '2221', '2720', [16]),
  R('amex', '34', '34', [15]),
  R('amex', '37', '37', [15]),
  R('discover', '6011', '6011', span(16, 19)),
  R('discover', '644', '649', span(16, 19)),
  R('discover', '65', '65', span(16, 19)),
  R('diners', '300', '305', span(14, 19)),
  R('diners', '36', '36', span(14, 19)),
  R('diners', '38', '39', span(16, 19)),
  R('jcb', '3528', '3589', span(16, 19)),
  R('unionpay', '62', '62', span(16, 19)),
  R('maestro', '50', '50', span(12, 19)),
  R('maestro', '56', '58', span(12, 19)),
  R('maestro', '6304', '6304', span(12, 19)),
  R('maestro', '6759', '6759', span(12, 19)),
  R('maestro', '6761', '6763', span(12, 19)),
  R('mir', '2200', '2204', [16, 17, 18, 19]),
];

/** The network whose issuer range and length fit, or null. */
export function cardBrand(digits: string): string | null {
  for (const r of RANGES) {
    if (!r.lengths.includes(digits.length)) continue;
    const prefix = digits.slice(0, r.from.length);
    if (prefix >= r.from && prefix <= r.to) return r.brand;
  }
  return null;
}

/** US social security number structure: area 001–899 except 666, group 01–99, serial 0001–9999. */
export function ssnStructureValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}
