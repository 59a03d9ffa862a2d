/**
 * Call and fleet metrics from the seed's master table, each with a healthy/warning/critical status
 * from the thresholds config. Definitions (rates are fractions 0..1, not percentages):
 * - WER: Σ(S+D+I) / Σ reference words over turns that have a reference transcript (corpus-level).
 * - ASR accuracy = 1 − WER, clamped to [0, 1] (WER can exceed 1 through insertions).
 * - NLU accuracy: turns whose detected intent equals the expected one / turns with an expected intent
 *   (a missing detected intent counts as wrong).
 * - Voice intent error rate = 1 − ASR accuracy × NLU accuracy (seed: 95% × 95% → 9.75% error).
 * - First-turn intent accuracy: per call, whether the first turn with a caller utterance has the
 *   expected intent (unknown when that turn has no expected intent); fleet = correct / known.
 * - Low-confidence rate: turns with confidence < 0.6 / turns with a confidence.
 * - Fallback rate: agent responses matching a fallback phrase / agent responses.
 * - First call resolution: outcome 'resolved' / calls whose outcome is known ('unknown' excluded).
 * - Escalation rate: calls with an escalation (transfer-like tool call or outcome 'escalated') / calls.
 * - P95 / P90 end-to-end latency and TTFW P95: nearest-rank percentiles (percentiles.ts) over turns.
 */

import type { WerCounts, WerTotals } from './wer/wer';
import { lowConfidenceRate, type ConfidenceTrend, type LowConfidenceSummary, type TurnConfidence } from './confidence';
import { latencyPercentiles, mergeSamples, type LatencyPercentiles, type LatencySamples } from './latency';
import { METRIC_KEYS, metricStatus, type MetricKey, type Status, type Thresholds } from './thresholds';

export interface MetricValue {
  value: number | null;
  status: Status | null;
  numerator: number | null;
  denominator: number | null;
}

/** 1 − (ASR accuracy × NLU accuracy). */
export function voiceIntentErrorRate(asrAccuracy: number, nluAccuracy: number): number {
  return 1 - asrAccuracy * nluAccuracy;
}

export function asrAccuracyFromWer(wer: number | null): number | null {
  return wer === null ? null : Math.min(1, Math.max(0, 1 - wer));
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** The raw ingredients of one call's metrics; summed across calls for fleet metrics. */
export interface CallCounts {
  wer: WerCounts | null;
  intentEvaluated: number;
  intentCorrect: number;
  firstTurnIntentCorrect: boolean | null;
  lowConfidence: LowConfidenceSummary;
  agentResponses: number;
  fallbacks: number;
  outcomeKnown: boolean;
  resolved: boolean;
  escalated: boolean;
  samples: LatencySamples;
}

export interface CallMetrics extends CallCounts {
  turnCount: number;
  werTotals: WerTotals | null;
  latency: LatencyPercentiles;
  confidenceTrend: ConfidenceTrend;
  metrics: Record<MetricKey, MetricValue>;
}

export interface FleetMetrics {
  calls: number;
  wer: WerCounts | null;
  latency: LatencyPercentiles;
  metrics: Record<MetricKey, MetricValue>;
}

function sumWer(parts: ReadonlyArray<WerCounts | null>): WerCounts | null {
  const known = parts.filter((p): p is WerCounts => p !== null);
  if (known.length === 0) return null;
  const sum = (k: keyof WerCounts): number => known.reduce((a, p) => a + p[k], 0);
  return {
    hits: sum('hits'), substitutions: sum('substitutions'), deletions: sum('deletions'), insertions: sum('insertions'),
    refWords: sum('refWords'), hypWords: sum('hypWords'), errors: sum('errors'),
  };
}

/** Additive counts behind every metric: one call's, or the sum over a fleet. */
export interface MetricCounts {
  wer: WerCounts | null;
  intentEvaluated: number;
  intentCorrect: number;
  firstTurnCorrect: number;
  firstTurnKnown: number;
  lowTurns: number;
  turnsWithConfidence: number;
  agentResponses: number;
  fallbacks: number;
  resolvedCalls: number;
  outcomeKnownCalls: number;
  escalatedCalls: number;
  calls: number;
  samples: LatencySamples;
}

export function countsOfCall(c: CallCounts): MetricCounts {
  return {
    wer: c.wer,
    intentEvaluated: c.intentEvaluated,
    intentCorrect: c.intentCorrect,
    firstTurnCorrect: c.firstTurnIntentCorrect === true ? 1 : 0,
    firstTurnKnown: c.firstTurnIntentCorrect === null ? 0 : 1,
    lowTurns: c.lowConfidence.lowTurns,
    turnsWithConfidence: c.lowConfidence.turnsWithConfidence,
    agentResponses: c.agentResponses,
    fallbacks: c.fallbacks,
    resolvedCalls: c.outcomeKnown && c.resolved ? 1 : 0,
    outcomeKnownCalls: c.outcomeKnown ? 1 : 0,
    escalatedCalls: c.escalated ? 1 : 0,
    calls: 1,
    samples: c.samples,
  };
}

export function sumCounts(all: readonly MetricCounts[]): MetricCounts {
  const sum = (f: (c: MetricCounts) => number): number => all.reduce((a, c) => a + f(c), 0);
  return {
    wer: sumWer(all.map((c) => c.wer)),
    intentEvaluated: sum((c) => c.intentEvaluated),
    intentCorrect: sum((c) => c.intentCorrect),
    firstTurnCorrect: sum((c) => c.firstTurnCorrect),
    firstTurnKnown: sum((c) => c.firstTurnKnown),
    lowTurns: sum((c) => c.lowTurns),
    turnsWithConfidence: sum((c) => c.turnsWithConfidence),
    agentResponses: sum((c) => c.agentResponses),
    fallbacks: sum((c) => c.fallbacks),
    resolvedCalls: sum((c) => c.resolvedCalls),
    outcomeKnownCalls: sum((c) => c.outcomeKnownCalls),
    escalatedCalls: sum((c) => c.escalatedCalls),
    calls: sum((c) => c.calls),
    samples: mergeSamples(all.map((c) => c.samples)),
  };
}

/** Metric values and statuses from (possibly summed) counts. */
export function metricsFromCounts(c: MetricCounts, thresholds: Thresholds): Record<MetricKey, MetricValue> {
  const lat = latencyPercentiles(c.samples);
  const wer = c.wer && c.wer.refWords > 0 ? c.wer.errors / c.wer.refWords : null;
  const asr = asrAccuracyFromWer(wer);
  const nlu = ratio(c.intentCorrect, c.intentEvaluated);
  const raw: Record<MetricKey, [number | null, number | null, number | null]> = {
    voiceIntentErrorRate: [asr !== null && nlu !== null ? voiceIntentErrorRate(asr, nlu) : null, null, null],
    wer: [wer, c.wer?.errors ?? null, c.wer?.refWords ?? null],
    firstTurnIntentAccuracy: [ratio(c.firstTurnCorrect, c.firstTurnKnown), c.firstTurnCorrect, c.firstTurnKnown],
    lowConfidenceRate: [ratio(c.lowTurns, c.turnsWithConfidence), c.lowTurns, c.turnsWithConfidence],
    fallbackRate: [ratio(c.fallbacks, c.agentResponses), c.fallbacks, c.agentResponses],
    firstCallResolution: [ratio(c.resolvedCalls, c.outcomeKnownCalls), c.resolvedCalls, c.outcomeKnownCalls],
    escalationRate: [ratio(c.escalatedCalls, c.calls), c.escalatedCalls, c.calls],
    p95LatencyMs: [lat.endToEndMs.p95, null, lat.endToEndMs.count],
    p90LatencyMs: [lat.endToEndMs.p90, null, lat.endToEndMs.count],
    ttfwP95Ms: [lat.timeToFirstWordMs.p95, null, lat.timeToFirstWordMs.count],
  };
  const out = {} as Record<MetricKey, MetricValue>;
  for (const k of METRIC_KEYS) {
    const [value, numerator, denominator] = raw[k];
    out[k] = { value, status: metricStatus(value, thresholds.metrics[k]), numerator, denominator };
  }
  return out;
}

export interface CallMetricsInput extends CallCounts {
  turnCount: number;
  werTotals: WerTotals | null;
  confidenceTrend: ConfidenceTrend;
}

export function callMetrics(input: CallMetricsInput, thresholds: Thresholds): CallMetrics {
  return { ...input, latency: latencyPercentiles(input.samples), metrics: metricsFromCounts(countsOfCall(input), thresholds) };
}

export function lowConfidenceFromTurns(turns: readonly TurnConfidence[], thresholds: Thresholds): LowConfidenceSummary {
  return lowConfidenceRate(turns, thresholds.confidence.lowThreshold);
}

/** Fleet metrics: counts are summed over calls first, then turned into rates (never averaged). */
export function fleetMetrics(calls: readonly CallCounts[], thresholds: Thresholds): FleetMetrics {
  const counts = sumCounts(calls.map(countsOfCall));
  return { calls: calls.length, wer: counts.wer, latency: latencyPercentiles(counts.samples), metrics: metricsFromCounts(counts, thresholds) };
}
