import { describe, expect, it } from 'vitest';
import { asrAccuracyFromWer, fleetMetrics, voiceIntentErrorRate, type CallCounts } from '../../../shared/analysis/metrics';
import { emptySamples } from '../../../shared/analysis/latency';
import { loadDefaultThresholds } from './helpers/turns';

const t = loadDefaultThresholds();

describe('voice intent error rate', () => {
  it('seed example: 95% ASR × 95% NLU → 90.25% accuracy, 9.75% error', () => {
    expect(voiceIntentErrorRate(0.95, 0.95)).toBeCloseTo(0.0975, 12);
    expect(1 - voiceIntentErrorRate(0.95, 0.95)).toBeCloseTo(0.9025, 12);
    expect(voiceIntentErrorRate(0.9, 0.9)).toBeCloseTo(0.19, 12);
  });
  it('ASR accuracy = 1 − WER clamped to [0, 1]', () => {
    expect(asrAccuracyFromWer(0.05)).toBeCloseTo(0.95, 12);
    expect(asrAccuracyFromWer(1.4)).toBe(0);
    expect(asrAccuracyFromWer(null)).toBeNull();
  });
});

function call(c: Partial<CallCounts>): CallCounts {
  return {
    wer: null, intentEvaluated: 0, intentCorrect: 0, firstTurnIntentCorrect: null,
    lowConfidence: { turnsWithConfidence: 0, lowTurns: 0, rate: null }, agentResponses: 0, fallbacks: 0,
    outcomeKnown: true, resolved: false, escalated: false, samples: emptySamples(), ...c,
  };
}

describe('fleet metrics', () => {
  it('sums counts across calls before dividing', () => {
    const a = call({
      wer: { hits: 18, substitutions: 1, deletions: 1, insertions: 0, refWords: 20, hypWords: 19, errors: 2 },
      intentEvaluated: 4, intentCorrect: 4, firstTurnIntentCorrect: true,
      lowConfidence: { turnsWithConfidence: 4, lowTurns: 1, rate: 0.25 }, agentResponses: 5, fallbacks: 1,
      resolved: true, samples: { ...emptySamples(), endToEndMs: [400, 450, 900], timeToFirstWordMs: [300] },
    });
    const b = call({
      wer: { hits: 80, substitutions: 0, deletions: 0, insertions: 1, refWords: 80, hypWords: 81, errors: 1 },
      intentEvaluated: 6, intentCorrect: 5, firstTurnIntentCorrect: false,
      lowConfidence: { turnsWithConfidence: 6, lowTurns: 0, rate: 0 }, agentResponses: 5, fallbacks: 0,
      escalated: true, samples: { ...emptySamples(), endToEndMs: [1300], timeToFirstWordMs: [3500] },
    });
    const c = call({ outcomeKnown: false });
    const f = fleetMetrics([a, b, c], t);
    const m = f.metrics;
    expect(f.calls).toBe(3);
    // WER (2 + 1) / (20 + 80) = 3% → healthy
    expect(m.wer).toEqual({ value: 0.03, status: 'healthy', numerator: 3, denominator: 100 });
    // NLU 9/10, ASR 0.97 → VIER 1 − 0.97 × 0.9 = 0.127 → critical (> 10%)
    expect(m.voiceIntentErrorRate.value).toBeCloseTo(0.127, 12);
    expect(m.voiceIntentErrorRate.status).toBe('critical');
    expect(m.firstTurnIntentAccuracy).toMatchObject({ value: 0.5, numerator: 1, denominator: 2, status: 'critical' });
    expect(m.lowConfidenceRate).toMatchObject({ value: 0.1, status: 'warning' }); // 1 / 10
    expect(m.fallbackRate).toMatchObject({ value: 0.1, status: 'warning' }); // 1 / 10
    expect(m.firstCallResolution).toMatchObject({ value: 0.5, numerator: 1, denominator: 2, status: 'critical' }); // unknown excluded
    expect(m.escalationRate.value).toBeCloseTo(1 / 3, 12);
    expect(m.escalationRate.status).toBe('critical');
    // end-to-end [400, 450, 900, 1300]: P95 rank 4 = 1300 (critical), P90 rank 4 = 1300 (healthy vs 2.5 s)
    expect(m.p95LatencyMs).toMatchObject({ value: 1300, status: 'critical', denominator: 4 });
    expect(m.p90LatencyMs).toMatchObject({ value: 1300, status: 'healthy' });
    // TTFW [300, 3500]: P95 rank 2 = 3500 → warning (> 3 s, ≤ 5 s)
    expect(m.ttfwP95Ms).toMatchObject({ value: 3500, status: 'warning' });
  });
  it('leaves metrics without data null', () => {
    const f = fleetMetrics([], t);
    expect(f.metrics.wer).toEqual({ value: null, status: null, numerator: null, denominator: null });
    expect(f.metrics.escalationRate.value).toBeNull();
  });
});
