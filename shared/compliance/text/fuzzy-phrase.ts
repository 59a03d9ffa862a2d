/**
 * Fuzzy phrase search over normalized words, so recognizer errors do not hide a required disclosure or an
 * injection attempt: "this call may be recorded" still matches "this call maybe recorded" or "the skull may
 * be recorded". Word-level approximate substring matching (Sellers' algorithm): the phrase may start and
 * end anywhere in the text; a phrase word costs 0 against a text word that is the same or close in
 * spelling (fast-levenshtein), 1 when missing or replaced; an extra text word inside the phrase costs 1
 * (a filler 0.5). A match is accepted when its cost is at most maxEditRatio × the phrase's length.
 *
 * Phrase syntax (rule packs): plain words; "(a|b)" alternatives for one word or a few words; "*" for up to
 * three words of anything. Phrases are normalized like the text (numbers to digits, case, punctuation).
 */
import levenshtein from 'fast-levenshtein';
import { normalizeWords, RULE_SET_DEFAULT } from '../../analysis/normalize';

/** A phrase word, or null for the "*" gap. */
export type PhraseWord = string | null;

export interface CompiledPhrase {
  readonly source: string;
  readonly words: readonly PhraseWord[];
}

export interface PhraseMatch {
  /** Inclusive range of normalized text words. */
  from: number;
  to: number;
  cost: number;
  phrase: CompiledPhrase;
}

const FILLERS = new Set(['uh', 'um', 'er', 'ah', 'erm', 'hmm', 'mm', 'like', 'just', 'please', 'okay', 'so', 'well']);
const MAX_GAP = 3;
const MAX_EXPANSIONS = 64;

/** Expands "(a|b c)" alternatives into every combination (bounded), keeping "*" as a gap marker. */
function expandAlternatives(source: string): string[] {
  const m = /\(([^()]*)\)/.exec(source);
  if (!m) return [source];
  const options = m[1]!.split('|').map((o) => o.trim());
  const out: string[] = [];
  for (const o of options) {
    for (const rest of expandAlternatives(source.slice(0, m.index) + ` ${o} ` + source.slice(m.index + m[0].length))) {
      out.push(rest);
      if (out.length >= MAX_EXPANSIONS) return out;
    }
  }
  return out;
}

/**
 * Compiled phrases by source. Compiling normalizes every variant of a phrase, and the same rule packs'
 * phrases are compiled for every call scanned: remembered, they cost once per import instead of once per
 * call (it was most of an import's time). Bounded, for packs edited in a long-running app.
 */
const compiled = new Map<string, CompiledPhrase[]>();
const COMPILED_LIMIT = 20_000;

export function compilePhrase(source: string): CompiledPhrase[] {
  let c = compiled.get(source);
  if (!c) {
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    c = compileUncached(source);
    compiled.set(source, c);
  }
  return c;
}

function compileUncached(source: string): CompiledPhrase[] {
  return expandAlternatives(source).map((variant) => {
    const words: PhraseWord[] = [];
    for (const part of variant.split(/(\*)/)) {
      if (part === '*') words.push(null);
      else words.push(...normalizeWords(part, RULE_SET_DEFAULT));
    }
    return { source, words };
  }).filter((p) => p.words.some((w) => w !== null));
}

export function compilePhrases(sources: readonly string[]): CompiledPhrase[] {
  return sources.flatMap(compilePhrase);
}

const costCache = new Map<string, number>();
const COST_CACHE_LIMIT = 200_000;

/** Cost of reading phrase word p as text word t: 0 same or nearly so, 0.5 close, 1 different. */
export function wordCost(p: string, t: string): number {
  if (p === t) return 0;
  const longest = Math.max(p.length, t.length);
  if (longest <= 3 || Math.abs(p.length - t.length) > 0.4 * longest || /\d/.test(p) || /\d/.test(t)) return 1;
  const key = `${p}\u0000${t}`;
  const cached = costCache.get(key);
  if (cached !== undefined) return cached;
  const sim = 1 - levenshtein.get(p, t) / longest;
  const cost = sim >= 0.75 ? 0 : sim >= 0.6 ? 0.5 : 1;
  if (costCache.size >= COST_CACHE_LIMIT) costCache.clear();
  costCache.set(key, cost);
  return cost;
}

/**
 * Per text (the same word array is searched for many phrases): whether a phrase word reads as some word of
 * the text at a cost below 1, remembered per phrase word.
 */
const closeIn = new WeakMap<readonly string[], { distinct: string[]; close: Map<string, boolean> }>();

function hasCloseWord(text: readonly string[], word: string): boolean {
  let memo = closeIn.get(text);
  if (!memo) {
    memo = { distinct: [...new Set(text)], close: new Map() };
    closeIn.set(text, memo);
  }
  let close = memo.close.get(word);
  if (close === undefined) {
    close = memo.distinct.some((t) => wordCost(word, t) < 1);
    memo.close.set(word, close);
  }
  return close;
}

/**
 * Whether the phrase can match anywhere in the text within the budget. Exact, not a heuristic: a phrase
 * word with no text word closer than cost 1 adds at least 1 to every alignment (missing or replaced), so
 * when there are more such words than the budget allows, no alignment fits and the search is skipped.
 * Most utterances hold none of a rule pack's phrases, and this is what finds that cheaply.
 */
function mayMatch(text: readonly string[], words: readonly PhraseWord[], budget: number): boolean {
  let unmatched = 0;
  for (const w of words) {
    if (w === null || hasCloseWord(text, w)) continue;
    if (++unmatched > budget) return false;
  }
  return true;
}

/**
 * Best matches of one phrase in `text`, non-overlapping, left to right. Cost budget: maxEditRatio × number
 * of phrase words (gaps not counted), at least 0.
 */
export function findPhrase(text: readonly string[], phrase: CompiledPhrase, maxEditRatio: number): PhraseMatch[] {
  const budget = phraseBudget(phrase, maxEditRatio);
  return text.length > 0 && mayMatch(text, phrase.words, budget) ? searchPhrase(text, phrase, budget) : [];
}

const phraseBudget = (phrase: CompiledPhrase, maxEditRatio: number): number => Math.max(0, maxEditRatio * phrase.words.filter((w) => w !== null).length) + 1e-9;

/** findPhrase without the pre-filter (for the test that proves the filter changes nothing). */
export function findPhraseUnfiltered(text: readonly string[], phrase: CompiledPhrase, maxEditRatio: number): PhraseMatch[] {
  return searchPhrase(text, phrase, phraseBudget(phrase, maxEditRatio));
}

/** The search itself: Sellers' dynamic programme over the whole text. */
function searchPhrase(text: readonly string[], phrase: CompiledPhrase, budget: number): PhraseMatch[] {
  const p = phrase.words;
  const m = p.length;
  const n = text.length;
  // d[i][j]: cost of matching p[0..i) ending just before text[j]; start[i][j]: where that match began.
  const d: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(n + 1));
  const start: Int32Array[] = Array.from({ length: m + 1 }, () => new Int32Array(n + 1));
  for (let j = 0; j <= n; j++) start[0]![j] = j;
  for (let i = 1; i <= m; i++) {
    const pw = p[i - 1];
    d[i]![0] = pw === null ? d[i - 1]![0]! : d[i - 1]![0]! + 1;
    start[i]![0] = 0;
    for (let j = 1; j <= n; j++) {
      if (pw === null) {
        let best = Infinity;
        let from = j;
        for (let k = 0; k <= MAX_GAP && k <= j; k++) {
          if (d[i - 1]![j - k]! < best) {
            best = d[i - 1]![j - k]!;
            from = start[i - 1]![j - k]!;
          }
        }
        d[i]![j] = best;
        start[i]![j] = from;
        continue;
      }
      const tw = text[j - 1]!;
      const sub = d[i - 1]![j - 1]! + wordCost(pw!, tw);
      const del = d[i - 1]![j]! + 1;
      const ins = d[i]![j - 1]! + (FILLERS.has(tw) ? 0.5 : 1);
      if (sub <= del && sub <= ins) {
        d[i]![j] = sub;
        start[i]![j] = start[i - 1]![j - 1]!;
      } else if (del <= ins) {
        d[i]![j] = del;
        start[i]![j] = start[i - 1]![j]!;
      } else {
        d[i]![j] = ins;
        start[i]![j] = start[i]![j - 1]!;
      }
    }
  }
  const out: PhraseMatch[] = [];
  let j = 1;
  while (j <= n) {
    if (d[m]![j]! <= budget) {
      // Extend to the local minimum so the match ends on its best word.
      let end = j;
      while (end + 1 <= n && d[m]![end + 1]! < d[m]![end]!) end++;
      const from = start[m]![end]!;
      if (from <= end - 1) out.push({ from, to: end - 1, cost: d[m]![end]!, phrase });
      j = end + 1;
      while (j <= n && start[m]![j]! <= end - 1 && d[m]![j]! <= budget) j++;
    } else j++;
  }
  return out;
}

/** All matches of any of the phrases, best (lowest cost, then longest) first where they overlap. */
export function findAnyPhrase(text: readonly string[], phrases: readonly CompiledPhrase[], maxEditRatio: number): PhraseMatch[] {
  const all = phrases.flatMap((ph) => findPhrase(text, ph, maxEditRatio));
  all.sort((a, b) => a.cost - b.cost || b.to - b.from - (a.to - a.from) || a.from - b.from);
  const kept: PhraseMatch[] = [];
  for (const mt of all) if (!kept.some((k) => mt.from <= k.to && k.from <= mt.to)) kept.push(mt);
  return kept.sort((a, b) => a.from - b.from);
}

export function containsAnyPhrase(text: readonly string[], phrases: readonly CompiledPhrase[], maxEditRatio = 0): boolean {
  return phrases.some((ph) => findPhrase(text, ph, maxEditRatio).length > 0);
}
