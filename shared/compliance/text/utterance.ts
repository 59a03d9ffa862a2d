/**
 * One piece of speech (or reference transcript) prepared for the detectors: its raw tokens with character
 * offsets (so a match can be masked in the text), the words it maps onto (so a match gets word times and
 * can be masked in the word list), and its normalized form from the analysis engine's normalizer (spoken
 * numbers → digits), with every normalized word traced back to the raw tokens it came from.
 */
import { normalizeWordList, RULE_SET_DEFAULT } from '../../analysis/normalize';
import type { Utterance, Word } from '../../model/call';
import { maskCountWords, readRecognizerSpellings } from './recognizer-spellings';

export interface Token {
  text: string;
  charStart: number;
  charEnd: number;
}

export interface NormalizedView {
  words: string[];
  /** Inclusive raw-token range each normalized word came from. */
  origins: Array<{ from: number; to: number }>;
}

export interface PreparedUtterance {
  turnIndex: number;
  speaker: 'caller' | 'agent';
  field: 'text' | 'words' | 'reference';
  raw: string;
  tokens: Token[];
  /** Word index per token (text and reference fields), null where no word matches; identity for 'words'. */
  tokenWord: Array<number | null>;
  words: readonly Word[];
  startMs: number | null;
  endMs: number | null;
  /** Normalized words (numbers as digits). */
  norm: NormalizedView;
  /** For digit detection: counts like "last four" kept out of digit strings. */
  plainDigitNorm: NormalizedView;
  /** Same, and recognizer spellings of digits ("for", "won", "ate") read as digits where digits surround them; null when there are none. */
  spelledDigitNorm: NormalizedView | null;
}

/** Splits on white space, keeping each token's character range. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ text: m[0], charStart: m.index ?? 0, charEnd: (m.index ?? 0) + m[0].length });
  return out;
}

const bare = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Maps tokens onto words by longest common subsequence of their bare forms; tokens between two anchors
 * share the words between them in order, so "4111-1111" against words "4111" "1111" still maps.
 */
export function alignTokensToWords(tokens: readonly Token[], words: readonly Word[]): Array<number | null> {
  const a = tokens.map((t) => bare(t.text));
  const b = words.map((w) => bare(w.text));
  const n = a.length;
  const m = b.length;
  const map: Array<number | null> = new Array<number | null>(n).fill(null);
  if (n === 0 || m === 0) return map;
  if (n === m && a.every((x, i) => x === b[i])) return a.map((_, i) => i);
  const dp: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i]![j] = a[i] === b[j] && a[i] !== '' ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const anchors: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j] && a[i] !== '') {
      anchors.push([i, j]);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  for (const [i, j] of anchors) map[i] = j;
  // Unmatched stretches: spread the gap's tokens over the gap's words.
  const bounds: Array<[number, number]> = [[-1, -1], ...anchors, [n, m]];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [ti, wj] = bounds[k]!;
    const [tn, wn] = bounds[k + 1]!;
    const gapTokens = tn - ti - 1;
    const gapWords = wn - wj - 1;
    if (gapTokens <= 0 || gapWords <= 0) continue;
    for (let t = 1; t <= gapTokens; t++) map[ti + t] = wj + 1 + Math.min(gapWords - 1, Math.floor(((t - 1) * gapWords) / gapTokens));
  }
  return map;
}

function normalizeTokens(texts: readonly string[]): NormalizedView {
  const r = normalizeWordList(texts, RULE_SET_DEFAULT);
  return { words: r.words, origins: r.origins };
}

export function prepareUtterance(
  turnIndex: number,
  speaker: 'caller' | 'agent',
  field: PreparedUtterance['field'],
  utterance: Utterance | null,
  referenceText?: string,
): PreparedUtterance | null {
  const words = utterance?.words ?? [];
  let raw: string;
  if (field === 'reference') raw = referenceText ?? '';
  else if (field === 'words') raw = words.map((w) => w.text).join(' ');
  else raw = utterance?.text ?? '';
  if (raw.trim() === '') return null;
  const tokens = tokenize(raw);
  const tokenWord = field === 'words' ? tokens.map((_, i) => i) : field === 'text' ? alignTokensToWords(tokens, words) : tokens.map(() => null);
  const texts = tokens.map((t) => t.text);
  const spelled = readRecognizerSpellings(maskCountWords(texts));
  let norm: NormalizedView | null = null;
  return {
    turnIndex,
    speaker,
    field,
    raw,
    tokens,
    tokenWord,
    words: field === 'reference' ? [] : words,
    startMs: utterance?.startMs ?? null,
    endMs: utterance?.endMs ?? null,
    // Computed on first use: long trace payloads are often read for digits only.
    get norm(): NormalizedView {
      norm ??= normalizeTokens(texts);
      return norm;
    },
    plainDigitNorm: normalizeTokens(maskCountWords(texts)),
    spelledDigitNorm: spelled ? normalizeTokens(spelled) : null,
  };
}

/** True when the word list says something the text does not (e.g. ASR words attached to a trace's text). */
export function wordsDifferFromText(u: Utterance): boolean {
  if (u.words.length === 0) return false;
  const a = tokenize(u.text).map((t) => bare(t.text)).filter(Boolean).join(' ');
  const b = u.words.map((w) => bare(w.text)).filter(Boolean).join(' ');
  return a !== b;
}

export interface TokenSpan {
  charStart: number;
  charEnd: number;
  wordFrom: number | null;
  wordTo: number | null;
  startMs: number | null;
  endMs: number | null;
  timesFromWords: boolean;
}

/** Character, word and time span of raw tokens from..to (inclusive), trimmed to letters and digits. */
export function tokenSpan(u: PreparedUtterance, from: number, to: number): TokenSpan {
  const first = u.tokens[from]!;
  const last = u.tokens[to]!;
  const lead = /^[^\p{L}\p{N}]*/u.exec(first.text)![0].length;
  const trail = /[^\p{L}\p{N}]*$/u.exec(last.text)![0].length;
  let charStart = first.charStart + Math.min(lead, first.text.length);
  let charEnd = last.charEnd - Math.min(trail, last.text.length);
  if (charEnd <= charStart) {
    charStart = first.charStart;
    charEnd = last.charEnd;
  }
  let wordFrom: number | null = null;
  let wordTo: number | null = null;
  for (let t = from; t <= to; t++) {
    const w = u.tokenWord[t];
    if (w === null || w === undefined) continue;
    wordFrom = wordFrom === null ? w : Math.min(wordFrom, w);
    wordTo = wordTo === null ? w : Math.max(wordTo, w);
  }
  let startMs: number | null = null;
  let endMs: number | null = null;
  if (wordFrom !== null && wordTo !== null) {
    for (let w = wordFrom; w <= wordTo; w++) {
      const word = u.words[w];
      if (word?.startMs !== null && word?.startMs !== undefined) startMs = startMs === null ? word.startMs : Math.min(startMs, word.startMs);
      if (word?.endMs !== null && word?.endMs !== undefined) endMs = endMs === null ? word.endMs : Math.max(endMs, word.endMs);
    }
  }
  const timesFromWords = startMs !== null && endMs !== null;
  return {
    charStart,
    charEnd,
    wordFrom,
    wordTo,
    startMs: timesFromWords ? startMs : u.startMs,
    endMs: timesFromWords ? endMs : u.endMs,
    timesFromWords,
  };
}
