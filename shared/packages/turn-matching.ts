/**
 * Which turn of a new call answers which turn of a package. A new agent version replaying the same
 * caller can add or drop turns (an extra clarifying question, a merged greeting), so turns are not
 * matched by index. Instead:
 *
 * 1. by text: caller utterances are compared (normalized, character similarity) with both the package
 *    turn's reference and its recognized text — the reference finds a corrected recognition, the
 *    recognized text finds the same garbled one — and the best order-preserving assignment is taken
 *    (a weighted longest-common-subsequence over the two turn lists), so turns never cross;
 * 2. by position: a package turn left over (its caller was misrecognized beyond recognition) takes the
 *    new turn at the same distance from its nearest text-matched neighbour (with none, the turn of the
 *    same index or caller rank), if that turn is free, has caller speech and keeps the order;
 * 3. otherwise it is unmatched, and its assertions cannot pass.
 */
import { textSimilarity } from './measure';

export interface PackageTurnText {
  index: number;
  callerText: string | null;
  reference: string | null;
}

export interface CallTurnText {
  index: number;
  callerText: string | null;
}

export interface TurnMatch {
  packageTurn: number;
  /** The new call's turn index, null when none matched. */
  callTurn: number | null;
  method: 'text' | 'position' | 'none';
  /** Best text similarity between the two caller utterances (0..1); null when either has none. */
  similarity: number | null;
  detail: string;
}

/** Below this a caller utterance is taken as a different one. */
export const MIN_TEXT_SIMILARITY = 0.5;

const hasText = (s: string | null): s is string => s !== null && s.trim() !== '';

function bestSimilarity(p: PackageTurnText, c: CallTurnText): number | null {
  if (!hasText(c.callerText)) return null;
  const candidates = [p.reference, p.callerText].filter(hasText);
  if (candidates.length === 0) return null;
  return Math.max(...candidates.map((t) => textSimilarity(t, c.callerText!)));
}

export function matchTurns(packageTurns: readonly PackageTurnText[], callTurns: readonly CallTurnText[]): TurnMatch[] {
  const P = [...packageTurns].sort((a, b) => a.index - b.index);
  const C = [...callTurns].sort((a, b) => a.index - b.index);
  const sim = P.map((p) => C.map((c) => bestSimilarity(p, c)));

  // Weighted LCS: best[i][j] = best total similarity matching P[0..i) with C[0..j) in order.
  const best: number[][] = Array.from({ length: P.length + 1 }, () => new Array<number>(C.length + 1).fill(0));
  for (let i = 1; i <= P.length; i++) {
    for (let j = 1; j <= C.length; j++) {
      const s = sim[i - 1]![j - 1];
      const diag = s !== null && s !== undefined && s >= MIN_TEXT_SIMILARITY ? best[i - 1]![j - 1]! + s : -Infinity;
      best[i]![j] = Math.max(best[i - 1]![j]!, best[i]![j - 1]!, diag);
    }
  }
  const pairOf = new Map<number, number>();
  for (let i = P.length, j = C.length; i > 0 && j > 0; ) {
    const s = sim[i - 1]![j - 1];
    if (s !== null && s !== undefined && s >= MIN_TEXT_SIMILARITY && best[i]![j] === best[i - 1]![j - 1]! + s) {
      pairOf.set(i - 1, j - 1);
      i--, j--;
    } else if (best[i]![j] === best[i - 1]![j]) i--;
    else j--;
  }

  const taken = new Set(pairOf.values());
  const byText = new Map(pairOf);
  for (let i = 0; i < P.length; i++) {
    if (pairOf.has(i)) continue;
    const j = positionalCandidate(i, P, C, byText);
    if (j !== null && !taken.has(j) && keepsOrder(i, j, pairOf)) {
      pairOf.set(i, j);
      taken.add(j);
    }
  }

  return P.map((p, i) => {
    const j = pairOf.get(i);
    if (j === undefined) {
      return { packageTurn: p.index, callTurn: null, method: 'none', similarity: null, detail: 'no turn of the new call says anything like it, and none is free at its position' };
    }
    const s = sim[i]![j] ?? null;
    const viaText = byText.has(i);
    return {
      packageTurn: p.index,
      callTurn: C[j]!.index,
      method: viaText ? 'text' : 'position',
      similarity: s,
      detail: viaText
        ? `caller text similarity ${s!.toFixed(2)}`
        : `by position next to the text-matched turns${s !== null ? ` (caller text similarity ${s.toFixed(2)})` : ''}`,
    };
  });
}

/**
 * The call position for an unmatched package turn: the same distance from the nearest text-matched
 * neighbour; with no neighbour at all, the turn with the same index, else the caller turn of the same
 * rank. A package turn in which the caller spoke only takes a call turn in which the caller spoke.
 */
function positionalCandidate(i: number, P: readonly PackageTurnText[], C: readonly CallTurnText[], byText: ReadonlyMap<number, number>): number | null {
  const spoke = (j: number): boolean => !hasText(P[i]!.callerText) || hasText(C[j]?.callerText ?? null);
  let prev: number | null = null;
  let next: number | null = null;
  for (const k of byText.keys()) {
    if (k < i && (prev === null || k > prev)) prev = k;
    if (k > i && (next === null || k < next)) next = k;
  }
  let j: number;
  if (prev !== null) j = byText.get(prev)! + (P[i]!.index - P[prev]!.index);
  else if (next !== null) j = byText.get(next)! - (P[next]!.index - P[i]!.index);
  else {
    const same = C.findIndex((c) => c.index === P[i]!.index);
    if (same >= 0 && spoke(same)) return same;
    const speaking = C.map((_, k) => k).filter((k) => hasText(C[k]!.callerText));
    const rank = P.slice(0, i).filter((p) => hasText(p.callerText)).length;
    j = hasText(P[i]!.callerText) ? speaking[rank] ?? -1 : i;
  }
  return j >= 0 && j < C.length && spoke(j) ? j : null;
}

function keepsOrder(i: number, j: number, pairs: ReadonlyMap<number, number>): boolean {
  for (const [pi, cj] of pairs) {
    if ((pi < i && cj >= j) || (pi > i && cj <= j)) return false;
  }
  return true;
}
