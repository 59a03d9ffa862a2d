/**
 * Digit strings as people say them: in groups ("4111 1111 1111 1111"), with fillers between groups
 * ("four one one one, uh, one one one one"), and across turns ("4111 1111" — agent: "go on" — "1111 1111").
 * The normalizer has already turned spoken numbers into digit strings; this module joins the pieces into
 * chains and enumerates the numbers a chain could hold (every contiguous run of pieces, and prefixes that
 * leave a trailing code or date off), for the detectors to test with Luhn and context.
 */
import type { NormalizedView, PreparedUtterance } from './utterance';

export interface DigitPiece {
  digits: string;
  /** Inclusive raw-token range. */
  from: number;
  to: number;
  /** Position of the piece in the normalized view. */
  normIndex: number;
  /** An amount of money or a percentage ("$4,111", "4111 dollars"): never part of an identifier. */
  amount: boolean;
}

export interface ChainPart {
  utt: PreparedUtterance;
  piece: DigitPiece;
}

export type DigitChain = ChainPart[];

/** Words that may sit between the groups of one spoken number. */
const JOINERS = new Set(['uh', 'um', 'er', 'ah', 'erm', 'hmm', 'mm', 'and', 'then', 'dash', 'hyphen', 'space', 'comma', 'okay', 'ok']);
/** Words that may open or close a turn that continues a number from the caller's previous turn. */
const TURN_EDGE = new Set([...JOINERS, 'yes', 'yeah', 'yep', 'sure', 'right', 'next', 'the', 'rest', 'is', "it's", 'its', 'so', 'after', 'that']);
const AMOUNT_WORDS = new Set(['dollars', 'dollar', 'euros', 'pounds', 'cents', 'percent', 'bucks']);

const MAX_GAP_WORDS = 3;

export function digitPieces(view: NormalizedView): DigitPiece[] {
  const out: DigitPiece[] = [];
  view.words.forEach((w, k) => {
    if (!/^\d+$/.test(w)) return;
    const next = view.words[k + 1];
    out.push({ digits: w, from: view.origins[k]!.from, to: view.origins[k]!.to, normIndex: k, amount: next !== undefined && AMOUNT_WORDS.has(next) });
  });
  return out;
}

/** Normalized words strictly between raw tokens a and b (exclusive), from the view. */
function wordsBetween(view: NormalizedView, afterNorm: number, beforeNorm: number): string[] {
  return view.words.slice(afterNorm + 1, beforeNorm);
}

function joinable(words: readonly string[], allowed: ReadonlySet<string>, max: number): boolean {
  return words.length <= max && words.every((w) => allowed.has(w));
}

/**
 * Chains over one stream of utterances (one speaker and field, in turn order). `view` picks which
 * normalized view of each utterance to read (plain, or with recognizer spellings read as digits).
 */
export function buildChains(
  stream: readonly PreparedUtterance[],
  view: (u: PreparedUtterance) => NormalizedView,
  options: { acrossTurns: boolean; maxGapWords?: number },
): DigitChain[] {
  const maxGap = options.maxGapWords ?? MAX_GAP_WORDS;
  const chains: DigitChain[] = [];
  let current: DigitChain = [];
  let prevUtt: PreparedUtterance | null = null;
  const close = (): void => {
    if (current.length > 0) chains.push(current);
    current = [];
  };
  for (const utt of stream) {
    const v = view(utt);
    const pieces = digitPieces(v);
    pieces.forEach((piece, idx) => {
      if (piece.amount) {
        close();
        return;
      }
      const last = current[current.length - 1];
      let joins = false;
      if (last && last.utt === utt) {
        joins = joinable(wordsBetween(v, last.piece.normIndex, piece.normIndex), JOINERS, maxGap);
      } else if (last && options.acrossTurns && prevUtt === last.utt && idx === 0 && utt.turnIndex - last.utt.turnIndex <= 2) {
        const lastView = view(last.utt);
        const trailing = lastView.words.slice(last.piece.normIndex + 1);
        const leading = v.words.slice(0, piece.normIndex);
        joins = joinable(trailing, TURN_EDGE, maxGap) && joinable(leading, TURN_EDGE, maxGap);
      }
      if (!joins) close();
      current.push({ utt, piece });
    });
    // A chain only continues into the next utterance from the last piece of this one.
    if (pieces.length === 0) close();
    prevUtt = utt;
  }
  close();
  return chains;
}

export interface DigitCandidate {
  digits: string;
  parts: ChainPart[];
  /** Digits of the last part left off (a code or date said straight after the number). */
  trimmedEnd: number;
  /** Digits of the first part left off (a word the recognizer heard as a digit: "it's" → "eight"). */
  trimmedStart: number;
  /** The whole chain, for context and for telling "all of it" from "part of it". */
  chain: DigitChain;
  coversChain: boolean;
  /** The parts are everything the chain holds in the turns they span (no part of a turn's number left out). */
  wholeTurns: boolean;
}

/** Suffix lengths a prefix may leave off: a security code, a date, or both. */
const TRAILING_FIELD_LENGTHS = new Set([3, 4, 6, 7, 8]);

/** Leading digits a candidate may leave off: recognizers hear short words before a number as digits. */
const MAX_LEADING_TRIM = 2;

/**
 * Every number of minLen..maxLen digits the chain could hold: every contiguous run of parts; prefixes of a
 * run that leave a trailing code or date off; and runs without their first one or two digits.
 */
export function chainCandidates(chain: DigitChain, minLen: number, maxLen: number, options: { leadingTrim?: boolean } = {}): DigitCandidate[] {
  const out: DigitCandidate[] = [];
  for (let a = 0; a < chain.length; a++) {
    let digits = '';
    for (let b = a; b < chain.length; b++) {
      digits += chain[b]!.piece.digits;
      if (digits.length > maxLen + 8) break;
      const parts = chain.slice(a, b + 1);
      const coversChain = a === 0 && b === chain.length - 1;
      const wholeTurns = (a === 0 || chain[a - 1]!.utt !== chain[a]!.utt) && (b === chain.length - 1 || chain[b + 1]!.utt !== chain[b]!.utt);
      const base = { parts, chain, wholeTurns: false };
      if (digits.length >= minLen && digits.length <= maxLen) out.push({ ...base, digits, trimmedEnd: 0, trimmedStart: 0, coversChain, wholeTurns });
      const lastLen = chain[b]!.piece.digits.length;
      for (let keep = Math.min(maxLen, digits.length - 1); keep >= minLen; keep--) {
        const dropped = digits.length - keep;
        if (dropped < lastLen && TRAILING_FIELD_LENGTHS.has(dropped)) out.push({ ...base, digits: digits.slice(0, keep), trimmedEnd: dropped, trimmedStart: 0, coversChain: false });
      }
      if (options.leadingTrim && a === 0) {
        const firstLen = chain[0]!.piece.digits.length;
        for (let drop = 1; drop <= MAX_LEADING_TRIM && drop < firstLen; drop++) {
          const rest = digits.slice(drop);
          if (rest.length >= minLen && rest.length <= maxLen) out.push({ ...base, digits: rest, trimmedEnd: 0, trimmedStart: drop, coversChain: false });
        }
      }
    }
  }
  return out;
}

/** Inclusive raw-token range of a candidate inside one utterance (the last part shortened by trimmed digits). */
export function candidateTokens(c: DigitCandidate): Array<{ utt: PreparedUtterance; from: number; to: number }> {
  const out: Array<{ utt: PreparedUtterance; from: number; to: number }> = [];
  c.parts.forEach((p, i) => {
    let to = p.piece.to;
    let from = p.piece.from;
    const len = p.piece.digits.length;
    const span = p.piece.to - p.piece.from + 1;
    if (i === c.parts.length - 1 && c.trimmedEnd > 0) {
      to = p.piece.from + Math.max(0, Math.ceil((span * (len - c.trimmedEnd)) / len) - 1);
    }
    // Only whole tokens are left off at the start, so a shared token stays redacted.
    if (i === 0 && c.trimmedStart > 0) from = Math.min(to, p.piece.from + Math.floor((span * c.trimmedStart) / len));
    const prev = out[out.length - 1];
    if (prev && prev.utt === p.utt) prev.to = to;
    else out.push({ utt: p.utt, from, to });
  });
  return out;
}

/** Inclusive raw-token range of the trimmed-off tail of a candidate (to find a code said after a number). */
export function candidateTail(c: DigitCandidate): { utt: PreparedUtterance; from: number; to: number; digits: string } | null {
  if (c.trimmedEnd === 0) return null;
  const last = c.parts[c.parts.length - 1]!;
  const [kept] = candidateTokens(c).slice(-1);
  const from = Math.min(last.piece.to, (kept?.to ?? last.piece.from) + (last.piece.to > (kept?.to ?? 0) ? 1 : 0));
  return { utt: last.utt, from, to: last.piece.to, digits: last.piece.digits.slice(-c.trimmedEnd) };
}
