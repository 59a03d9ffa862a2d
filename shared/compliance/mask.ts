/**
 * How a secret is shown. Lists show a masked form that keeps the shape (and, for card numbers, the last
 * four digits PCI DSS allows to be displayed); redacted output shows only a label with no digit at all.
 */
import type { Category } from './types';

const DOT = '•';

function group(digits: string, sizes: readonly number[], revealLast: number, sep: string): string {
  const reveal = Math.max(0, Math.min(revealLast, digits.length - 1));
  const masked = DOT.repeat(digits.length - reveal) + digits.slice(digits.length - reveal);
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= masked.length) break;
    out.push(masked.slice(at, at + size));
    at += size;
  }
  if (at < masked.length) out.push(masked.slice(at));
  return out.join(sep);
}

/** Masked display of a matched secret for lists (`revealLast` trailing characters kept). */
export function maskSecret(category: Category, secret: string, revealLast = 0): string {
  const digits = secret.replace(/\D/g, '');
  switch (category) {
    case 'pci.pan':
    case 'pci.readback':
    case 'pci.in_trace':
      if (digits.length >= 12) return group(digits, digits.length === 15 ? [4, 6, 5] : [4, 4, 4, 4, 4], revealLast, ' ');
      return DOT.repeat(Math.max(3, digits.length));
    case 'phi.ssn':
      return digits.length === 9 ? group(digits, [3, 2, 4], revealLast, '-') : DOT.repeat(Math.max(3, digits.length));
    case 'pci.cvv':
      return DOT.repeat(Math.max(3, digits.length));
    case 'pci.expiry':
      return `${DOT}${DOT}/${DOT}${DOT}`;
    case 'phi.dob':
      return `${DOT}${DOT}/${DOT}${DOT}/${DOT}${DOT}${DOT}${DOT}`;
    case 'phi.member_id':
      return DOT.repeat(Math.max(4, secret.replace(/[^\p{L}\p{N}]/gu, '').length));
    default:
      return secret;
  }
}

const LABELS: Partial<Record<Category, string>> = {
  'pci.pan': 'card number',
  'pci.cvv': 'security code',
  'pci.expiry': 'expiry date',
  'pci.readback': 'card data',
  'pci.in_trace': 'card or identity number',
  'phi.ssn': 'social security number',
  'phi.dob': 'date of birth',
  'phi.member_id': 'member ID',
};

/**
 * What replaces a secret in redacted text and word lists: one token naming what was there, never a
 * character of it ("[redacted-card-number]"). One token, so text and word list stay word-for-word alike.
 */
export function redactionLabel(category: Category): string {
  return `[redacted-${(LABELS[category] ?? 'data').replace(/ /g, '-')}]`;
}

/** Category label for people ("card number"). */
export const secretLabel = (category: Category): string => LABELS[category] ?? category;
