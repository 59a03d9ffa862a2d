import { describe, expect, it } from 'vitest';
import { confidenceBand, confidenceHistogram, confidenceTrend, lowConfidenceRate, turnConfidence, type TurnConfidence } from '../../../shared/analysis/confidence';

const tc = (turnIndex: number, confidence: number): TurnConfidence => turnConfidence({ turnIndex, wordConfidences: [confidence] })!;

describe('confidence', () => {
  it('bands follow the seed table with inclusive lower bounds', () => {
    expect([1, 0.9, 0.89, 0.7, 0.69, 0.5, 0.49, 0.3, 0.29, 0].map((c) => confidenceBand(c))).toEqual([
      'proceed', 'proceed', 'implicit_confirmation', 'implicit_confirmation', 'explicit_confirmation',
      'explicit_confirmation', 'reprompt', 'reprompt', 'escalate', 'escalate',
    ]);
  });
  it('turn confidence = mean of known word confidences, else the turn value', () => {
    expect(turnConfidence({ turnIndex: 3, wordConfidences: [0.9, 0.6, null, 0.75] })).toEqual({
      turnIndex: 3, confidence: 0.75, mean: 0.75, min: 0.6, source: 'words', wordCount: 3, band: 'implicit_confirmation',
    });
    expect(turnConfidence({ turnIndex: 1, wordConfidences: [null], turnConfidence: 0.4 })).toMatchObject({ confidence: 0.4, source: 'turn', band: 'reprompt' });
    expect(turnConfidence({ turnIndex: 1, wordConfidences: [] })).toBeNull();
  });
  it('low-confidence rate counts turns strictly below 0.6', () => {
    expect(lowConfidenceRate([tc(0, 0.6), tc(1, 0.59), tc(2, 0.95), tc(3, 0.1)])).toEqual({ turnsWithConfidence: 4, lowTurns: 2, rate: 0.5 });
    expect(lowConfidenceRate([]).rate).toBeNull();
  });
  it('histogram has 10 bins and puts 1.0 in the last', () => {
    const h = confidenceHistogram([0, 0.05, 0.1, 0.3, 0.35, 0.99, 1.0, 1.2, -0.1]);
    expect(h.map((b) => b.count)).toEqual([3, 1, 0, 2, 0, 0, 0, 0, 0, 3]);
    expect(h[3]).toEqual({ from: 0.3, to: 0.4, count: 2 });
  });
  it('detects the seed decline 0.85 → 0.60 over 5 turns although no turn is below 0.6', () => {
    const turns = [0.85, 0.8, 0.72, 0.66, 0.6].map((c, i) => tc(i, c));
    const t = confidenceTrend(turns);
    // x̄ = 2, ȳ = 0.726, Sxy = −0.64, Sxx = 10 → slope −0.064, fitted drop 0.256
    expect(t.slopePerTurn).toBeCloseTo(-0.064, 10);
    expect(t.fittedDrop).toBeCloseTo(0.256, 10);
    expect(t.rawDrop).toBeCloseTo(0.25, 10);
    expect(t.declining).toBe(true);
    expect(lowConfidenceRate(turns).lowTurns).toBe(0);
  });
  it('does not call noise or short calls a decline', () => {
    expect(confidenceTrend([0.85, 0.9, 0.84, 0.88, 0.86].map((c, i) => tc(i, c))).declining).toBe(false);
    expect(confidenceTrend([0.9, 0.6, 0.3].map((c, i) => tc(i, c))).declining).toBe(false); // only 3 points
    expect(confidenceTrend([tc(0, 0.9)]).slopePerTurn).toBeNull();
    // slope −0.02/turn over 10 turns: drop 0.18 but slope above −0.03 → not declining
    expect(confidenceTrend(Array.from({ length: 10 }, (_, i) => tc(i, 0.9 - 0.02 * i))).declining).toBe(false);
  });
});
