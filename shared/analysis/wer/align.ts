/**
 * Minimum-edit word alignment that reproduces NIST sclite's choice of alignment, not just its cost.
 *
 * Why the details matter: several alignments often share the minimum cost, and they can differ in
 * their C/S/D/I counts (e.g. one substitution + one deletion vs. one deletion + one substitution at a
 * different place, or S+S vs. D+I+C). sclite's numbers are the industry reference, so we copy its
 * dynamic programme (SCTK src/sclite/net_dp.c, weights from word.c `wwd_WORD`) exactly:
 *
 *   cost(correct) = 0, cost(substitution) = 4, cost(insertion) = cost(deletion) = 3
 *   D[0][0] = 0, D[0][j] = D[0][j-1] + ins, D[i][0] = D[i-1][0] + del
 *   diag = D[i-1][j-1] + (ref[i] == hyp[j] ? 0 : sub); del = D[i-1][j] + del; ins = D[i][j-1] + ins
 *   tie-break per cell: take the diagonal (C/S) if diag <= del && diag <= ins;
 *                       else the deletion if del < ins (strictly); else the insertion.
 *   trace back from D[n][m] following the single stored back-pointer of each cell.
 *
 * Words are compared as exact strings (tokenize first; see tokenize.ts for sclite's text handling).
 * Implementation: integer-interned words, one rolling Float64Array row for costs and a reusable
 * Uint8Array back-pointer matrix, so there are no per-cell objects and memory is (n+1)(m+1) bytes.
 */

export type AlignOp = 'C' | 'S' | 'D' | 'I';

export interface AlignmentStep {
  op: AlignOp;
  /** Reference word, null for an insertion. */
  ref: string | null;
  /** Hypothesis word, null for a deletion. */
  hyp: string | null;
  /** Index into the reference token list, null for an insertion. */
  refIndex: number | null;
  /** Index into the hypothesis token list, null for a deletion. */
  hypIndex: number | null;
}

export interface AlignWeights {
  substitution: number;
  insertion: number;
  deletion: number;
}

/** sclite's default weights (word.c `wwd_WORD`); correct is always 0. */
export const SCLITE_WEIGHTS: Readonly<AlignWeights> = Object.freeze({ substitution: 4, insertion: 3, deletion: 3 });

export interface EditCounts {
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  refWords: number;
  hypWords: number;
}

export interface WordAlignment extends EditCounts {
  steps: AlignmentStep[];
  /** Total weighted cost of the chosen alignment. */
  cost: number;
}

const DIAG = 0;
const DEL = 1;
const INS = 2;

// Scratch buffers reused across calls: alignment is synchronous, so sharing them is safe and avoids
// allocating a matrix per utterance when scoring thousands of them.
let back = new Uint8Array(1024);
let row = new Float64Array(64);
let prevRow = new Float64Array(64);
let refIds = new Int32Array(64);
let hypIds = new Int32Array(64);

function ensureCapacity(n: number, m: number): void {
  const cells = (n + 1) * (m + 1);
  if (back.length < cells) back = new Uint8Array(Math.max(cells, back.length * 2));
  if (row.length < m + 1) {
    const size = Math.max(m + 1, row.length * 2);
    row = new Float64Array(size);
    prevRow = new Float64Array(size);
  }
  if (refIds.length < n) refIds = new Int32Array(Math.max(n, refIds.length * 2));
  if (hypIds.length < m) hypIds = new Int32Array(Math.max(m, hypIds.length * 2));
}

function intern(ref: readonly string[], hyp: readonly string[]): void {
  const ids = new Map<string, number>();
  for (let i = 0; i < ref.length; i++) {
    const w = ref[i] as string;
    let id = ids.get(w);
    if (id === undefined) ids.set(w, (id = ids.size));
    refIds[i] = id;
  }
  for (let j = 0; j < hyp.length; j++) {
    // Words that never occur in the reference can never match, so they all share id -1.
    hypIds[j] = ids.get(hyp[j] as string) ?? -1;
  }
}

/** Fills the back-pointer matrix and returns the minimum cost D[n][m]. */
function fillMatrix(n: number, m: number, w: AlignWeights): number {
  const width = m + 1;
  let prev = prevRow;
  let cur = row;
  prev[0] = 0;
  back[0] = DIAG;
  for (let j = 1; j <= m; j++) {
    prev[j] = prev[j - 1]! + w.insertion;
    back[j] = INS;
  }
  for (let i = 1; i <= n; i++) {
    const base = i * width;
    const refId = refIds[i - 1]!;
    cur[0] = prev[0]! + w.deletion;
    back[base] = DEL;
    for (let j = 1; j <= m; j++) {
      const diag = prev[j - 1]! + (refId === hypIds[j - 1] ? 0 : w.substitution);
      const del = prev[j]! + w.deletion;
      const ins = cur[j - 1]! + w.insertion;
      if (diag <= del && diag <= ins) {
        cur[j] = diag;
        back[base + j] = DIAG;
      } else if (del < ins) {
        cur[j] = del;
        back[base + j] = DEL;
      } else {
        cur[j] = ins;
        back[base + j] = INS;
      }
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/**
 * Aligns reference and hypothesis word lists the way sclite does. Weights other than sclite's are
 * allowed for experiments but parity with sclite only holds for SCLITE_WEIGHTS.
 */
export function alignWords(
  ref: readonly string[],
  hyp: readonly string[],
  weights: AlignWeights = SCLITE_WEIGHTS,
): WordAlignment {
  const n = ref.length;
  const m = hyp.length;
  ensureCapacity(n, m);
  intern(ref, hyp);
  const cost = fillMatrix(n, m, weights);

  const width = m + 1;
  const reversed: AlignmentStep[] = [];
  let hits = 0;
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const dir = back[i * width + j];
    if (dir === DIAG) {
      const same = refIds[i - 1] === hypIds[j - 1];
      if (same) hits++;
      else substitutions++;
      reversed.push({ op: same ? 'C' : 'S', ref: ref[i - 1]!, hyp: hyp[j - 1]!, refIndex: i - 1, hypIndex: j - 1 });
      i--;
      j--;
    } else if (dir === DEL) {
      deletions++;
      reversed.push({ op: 'D', ref: ref[i - 1]!, hyp: null, refIndex: i - 1, hypIndex: null });
      i--;
    } else {
      insertions++;
      reversed.push({ op: 'I', ref: null, hyp: hyp[j - 1]!, refIndex: null, hypIndex: j - 1 });
      j--;
    }
  }
  reversed.reverse();
  return { steps: reversed, hits, substitutions, deletions, insertions, refWords: n, hypWords: m, cost };
}
