/**
 * Reading and writing NIST `trn` transcript files (`words words (utterance-id)`), following what
 * sclite's loader does so that the same file means the same thing to both tools:
 * - blank lines and `;;` comment lines are skipped;
 * - the utterance id is the text between the LAST `(` and the LAST `)` of the line; everything from
 *   that `(` on is not part of the transcript;
 * - without case sensitivity sclite lower-cases the whole line (ASCII only), id included.
 * Pure string in, data out: callers read the file themselves.
 */

import { asciiLowerCase } from './tokenize';

export interface TrnEntry {
  /** Utterance id without the parentheses. */
  id: string;
  /** Transcript text, untokenized. */
  text: string;
  /** 1-based line number, for error messages. */
  line: number;
}

export interface TrnParseOptions {
  /** Mirror sclite's `-s`; default false (ids and text lower-cased like sclite does). */
  caseSensitive?: boolean;
}

export function parseTrn(content: string, options: TrnParseOptions = {}): TrnEntry[] {
  const out: TrnEntry[] = [];
  const lines = content.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!;
    if (raw.trim() === '' || raw.startsWith(';;')) continue;
    const line = options.caseSensitive ? raw : asciiLowerCase(raw);
    const open = line.lastIndexOf('(');
    const close = line.lastIndexOf(')');
    if (open < 0 && close < 0) {
      out.push({ id: '', text: line, line: k + 1 });
      continue;
    }
    if (open < 0 || close < 0 || close < open) {
      throw new Error(`trn line ${k + 1}: unparsable utterance id in "${raw}"`);
    }
    out.push({ id: line.slice(open + 1, close), text: line.slice(0, open), line: k + 1 });
  }
  return out;
}

/** Formats entries as trn lines; ids must not contain parentheses. */
export function formatTrn(entries: ReadonlyArray<{ id: string; text: string }>): string {
  return entries
    .map((e) => {
      if (/[()]/.test(e.id)) throw new Error(`trn id must not contain parentheses: ${e.id}`);
      return `${e.text.trim()} (${e.id})`;
    })
    .join('\n')
    .concat(entries.length ? '\n' : '');
}

/** Pairs reference and hypothesis entries by id (sclite scores every hypothesis id against its reference). */
export function pairTrn(
  ref: readonly TrnEntry[],
  hyp: readonly TrnEntry[],
): { pairs: Array<{ id: string; ref: string; hyp: string }>; missingRef: string[] } {
  const refs = new Map<string, string>();
  for (const e of ref) if (!refs.has(e.id)) refs.set(e.id, e.text);
  const pairs: Array<{ id: string; ref: string; hyp: string }> = [];
  const missingRef: string[] = [];
  for (const e of hyp) {
    const r = refs.get(e.id);
    if (r === undefined) missingRef.push(e.id);
    else pairs.push({ id: e.id, ref: r, hyp: e.text });
  }
  return { pairs, missingRef };
}
