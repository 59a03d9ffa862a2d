import {
  analyzeCall,
  getRuleSet,
  toAnalyzableCall,
  type FlagKind,
  type SilentWordDetector,
  type TimeSpan,
} from '../../../shared/analysis';
import type { CallOutcome, Turn } from '../../../shared/model/call';
import type { AnalysisToStore } from '../db/queries/analysis-write';
import type { ThresholdsInEffect } from './thresholds-config';

/** Every flag kind the analysis engine produces; re-analysis replaces exactly these. */
export const ANALYSIS_FLAG_KINDS = [
  'hallucination_run', 'suspect_low_confidence_run', 'repetition_loop', 'words_in_silence', 'low_confidence',
  'confidence_decline', 'caller_repetition', 'agent_reask', 'fallback', 'escalation', 'latency_warning',
  'latency_critical', 'stage_over_budget', 'high_wer',
] as const satisfies readonly FlagKind[];

export const DEFAULT_NORMALIZATION = 'turnscope-default';

export interface AnalysisInput {
  id: string;
  turns: Turn[];
  outcome: CallOutcome;
  /** Caller speech from the recording (VAD), when analysed; enables words-in-silence. */
  callerSpeech?: readonly TimeSpan[] | null;
  silenceDetector?: SilentWordDetector;
}

/** Runs the pure analysis engine on one call and shapes its results for the store. */
export function buildAnalysis(input: AnalysisInput, config: ThresholdsInEffect, normalization = DEFAULT_NORMALIZATION): AnalysisToStore {
  const ruleSet = getRuleSet(normalization);
  const analysis = analyzeCall(toAnalyzableCall(input, input.callerSpeech ?? null), config.thresholds, {
    ruleSet,
    ...(input.silenceDetector ? { silenceDetector: input.silenceDetector } : {}),
  });
  const m = analysis.callMetrics;
  return {
    turns: analysis.turnResults.map((r) => ({
      turnIndex: r.turnIndex,
      wer: r.wer?.wer ?? null,
      refWords: r.wer?.refWords ?? null,
      hits: r.wer?.hits ?? null,
      substitutions: r.wer?.substitutions ?? null,
      deletions: r.wer?.deletions ?? null,
      insertions: r.wer?.insertions ?? null,
      normalizationId: r.wer ? ruleSet.id : null,
      normalizationHash: r.wer ? ruleSet.hash : null,
      confidenceMean: r.confidence?.mean ?? null,
      confidenceMin: r.confidence?.min ?? null,
      hallucinationRuns: r.hallucinationRuns.length,
      endToEndBand: r.latency.band,
      result: r,
    })),
    call: {
      thresholdsId: config.thresholds.id,
      thresholdsVersion: config.thresholds.version,
      thresholdsHash: config.hash,
      normalizationId: ruleSet.id,
      normalizationHash: ruleSet.hash,
      wer: m.werTotals?.wer ?? null,
      lowConfidenceRate: m.metrics.lowConfidenceRate.value,
      fallbackRate: m.metrics.fallbackRate.value,
      p90LatencyMs: m.metrics.p90LatencyMs.value,
      p95LatencyMs: m.metrics.p95LatencyMs.value,
      hallucinationRuns: analysis.turnResults.reduce((n, r) => n + r.hallucinationRuns.length, 0),
      metrics: m,
    },
    flags: analysis.flags.map((f) => ({ ...f, source: 'analysis' as const })),
    flagKinds: ANALYSIS_FLAG_KINDS,
    analyzedAt: new Date().toISOString(),
  };
}
