/**
 * Splits transcript text into words exactly the way NIST sclite (SCTK 2.4, `trn` input, no -e/-s/-D/-F)
 * does before aligning, so that our counts can match sclite utterance by utterance:
 *
 * - words are separated by C `isspace` characters (space, \t, \n, \v, \f, \r) only;
 * - sclite is case-INSENSITIVE unless run with `-s`: it lower-cases the whole line first, and without
 *   `-e utf-8` its lower-casing only touches ASCII A–Z (bytes ≥ 0x80 are left alone), so we do the same;
 * - `;` starts word tags (`word;tag1;tag2`): only the text before the first unescaped `;` is compared,
 *   and backslash escapes inside it are removed;
 * - one trailing `*` is stripped from words longer than one character (sclite's "unsure" marker);
 * - the token `@` is sclite's null word: inserting/deleting it costs 0.001 and it never appears in the
 *   alignment, so it is simply dropped here.
 * Not supported (never produced by recognizers or our references): `{ a / b }` alternations, `(word)`
 * optional deletions (-D) and `-` fragments (-F); such text is treated as ordinary words.
 */

export interface ScliteTokenizeOptions {
  /** Mirror sclite's `-s`; default false like sclite itself. */
  caseSensitive?: boolean;
}

const SCLITE_SPACE = /[ \t\n\v\f\r]+/;

export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

export function scliteTokens(text: string, options: ScliteTokenizeOptions = {}): string[] {
  const source = options.caseSensitive ? text : asciiLowerCase(text);
  const out: string[] = [];
  for (const raw of source.split(SCLITE_SPACE)) {
    if (raw === '') continue;
    const word = stripTrailingStar(unescape(untag(raw)));
    if (word === '@') continue;
    out.push(word);
  }
  return out;
}

/** Text before the first `;` that is not preceded by a backslash. */
function untag(token: string): string {
  for (let i = 0; i < token.length; i++) {
    if (token[i] === ';' && (i === 0 || token[i - 1] !== '\\')) return token.slice(0, i);
  }
  return token;
}

function unescape(token: string): string {
  return token.indexOf('\\') < 0 ? token : token.replace(/\\(.)/g, '$1');
}

function stripTrailingStar(token: string): string {
  return token.length > 1 && token.endsWith('*') ? token.slice(0, -1) : token;
}
