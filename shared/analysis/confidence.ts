/**
 * Recognizer confidence per turn and across a call.
 *
 * Turn confidence = mean of the caller's word confidences (min reported alongside); when no word has
 * one, the turn-level confidence the source supplied (if any). Bands follow the seed's action table
 * with inclusive lower bounds: ≥0.9 proceed, ≥0.7 implicit confirmation, ≥0.5 explicit confirmation,
 * ≥0.3 re-prompt, below that escalate. Turns without any confidence are left out of rates and trends.
 *
 * Decline within a call: the seed warns about confidence sliding from 0.85 to 0.6 over five turns
 * without any single turn crossing 0.6. We fit a least-squares line to (turn index, confidence) and
 * call it a decline when there are at least `minTurns` points, the slope is ≤ `maxSlopePerTurn`
 * (negative, per turn) and the fitted fall from the first to the last point is ≥ `minDrop`. Using the
 * fitted line rather than first-minus-last keeps one noisy turn from triggering or hiding it.
 */

export type ConfidenceBand = 'proceed' | 'implicit_confirmation' | 'explicit_confirmation' | 'reprompt' | 'escalate';

export interface ConfidenceBands {
  proceed: number;
  implicitConfirmation: number;
  explicitConfirmation: number;
  reprompt: number;
}

export const SEED_CONFIDENCE_BANDS: Readonly<ConfidenceBands> = { proceed: 0.9, implicitConfirmation: 0.7, explicitConfirmation: 0.5, reprompt: 0.3 };

export function confidenceBand(confidence: number, bands: ConfidenceBands = SEED_CONFIDENCE_BANDS): ConfidenceBand {
  if (confidence >= bands.proceed) return 'proceed';
  if (confidence >= bands.implicitConfirmation) return 'implicit_confirmation';
  if (confidence >= bands.explicitConfirmation) return 'explicit_confirmation';
  if (confidence >= bands.reprompt) return 'reprompt';
  return 'escalate';
}

export interface TurnConfidenceInput {
  turnIndex: number;
  wordConfidences: ReadonlyArray<number | null>;
  /** Utterance-level confidence from the source, used when no word has one. */
  turnConfidence?: number | null;
}

export interface TurnConfidence {
  turnIndex: number;
  /** The turn's confidence: mean of word confidences, else the turn-level value. */
  confidence: number;
  mean: number;
  min: number;
  source: 'words' | 'turn';
  wordCount: number;
  band: ConfidenceBand;
}

export function turnConfidence(input: TurnConfidenceInput, bands: ConfidenceBands = SEED_CONFIDENCE_BANDS): TurnConfidence | null {
  const known = input.wordConfidences.filter((c): c is number => c !== null && Number.isFinite(c));
  if (known.length > 0) {
    const mean = known.reduce((a, b) => a + b, 0) / known.length;
    return { turnIndex: input.turnIndex, confidence: mean, mean, min: Math.min(...known), source: 'words', wordCount: known.length, band: confidenceBand(mean, bands) };
  }
  const t = input.turnConfidence;
  if (t === null || t === undefined || !Number.isFinite(t)) return null;
  return { turnIndex: input.turnIndex, confidence: t, mean: t, min: t, source: 'turn', wordCount: 0, band: confidenceBand(t, bands) };
}

export interface LowConfidenceSummary {
  turnsWithConfidence: number;
  lowTurns: number;
  /** lowTurns / turnsWithConfidence; null when no turn has a confidence. */
  rate: number | null;
}

/** Turns whose confidence is strictly below `threshold` (seed: 0.6). */
export function lowConfidenceRate(turns: readonly TurnConfidence[], threshold = 0.6): LowConfidenceSummary {
  const lowTurns = turns.filter((t) => t.confidence < threshold).length;
  return { turnsWithConfidence: turns.length, lowTurns, rate: turns.length === 0 ? null : lowTurns / turns.length };
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** 10 equal bins over [0, 1]: [0,0.1), [0.1,0.2) … [0.9,1.0]; 1.0 goes in the last bin, values are clamped. */
export function confidenceHistogram(values: readonly number[], binCount = 10): HistogramBin[] {
  const bins: HistogramBin[] = Array.from({ length: binCount }, (_, i) => ({ from: i / binCount, to: (i + 1) / binCount, count: 0 }));
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const clamped = Math.min(1, Math.max(0, v));
    // Rounding guards values like 0.3 that sit a hair below the bin edge in binary floating point.
    const idx = Math.min(binCount - 1, Math.floor(Math.round(clamped * binCount * 1e9) / 1e9));
    bins[idx]!.count++;
  }
  return bins;
}

export interface DeclineOptions {
  minTurns: number;
  /** Negative: the slope per turn must be at or below this. */
  maxSlopePerTurn: number;
  minDrop: number;
}

export const DEFAULT_DECLINE: Readonly<DeclineOptions> = { minTurns: 4, maxSlopePerTurn: -0.03, minDrop: 0.15 };

export interface ConfidenceTrend {
  points: number;
  /** Least-squares slope of confidence per turn index; null with fewer than 2 points. */
  slopePerTurn: number | null;
  /** Fitted value at the first point minus fitted value at the last (positive = falling). */
  fittedDrop: number | null;
  /** Raw first minus last confidence. */
  rawDrop: number | null;
  declining: boolean;
  firstTurnIndex: number | null;
  lastTurnIndex: number | null;
}

export function confidenceTrend(turns: readonly TurnConfidence[], options: DeclineOptions = DEFAULT_DECLINE): ConfidenceTrend {
  const pts = [...turns].sort((a, b) => a.turnIndex - b.turnIndex);
  const n = pts.length;
  const first = pts[0];
  const last = pts[n - 1];
  if (n < 2 || !first || !last) {
    return { points: n, slopePerTurn: null, fittedDrop: null, rawDrop: null, declining: false, firstTurnIndex: first?.turnIndex ?? null, lastTurnIndex: last?.turnIndex ?? null };
  }
  const mx = pts.reduce((a, p) => a + p.turnIndex, 0) / n;
  const my = pts.reduce((a, p) => a + p.confidence, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of pts) {
    sxy += (p.turnIndex - mx) * (p.confidence - my);
    sxx += (p.turnIndex - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const fittedDrop = -slope * (last.turnIndex - first.turnIndex);
  const declining = n >= options.minTurns && slope <= options.maxSlopePerTurn && fittedDrop >= options.minDrop;
  return { points: n, slopePerTurn: slope, fittedDrop, rawDrop: first.confidence - last.confidence, declining, firstTurnIndex: first.turnIndex, lastTurnIndex: last.turnIndex };
}
