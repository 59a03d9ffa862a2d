/**
 * analyzeCall: one call in, per-turn results, call metrics and flag drafts out. The store turns
 * drafts into Flag rows (adding id and source 'analysis').
 *
 * Severity policy (why each is what it is):
 * - hallucination_run: critical — the seed's hallucination event; the agent may act on words the
 *   caller never said.
 * - suspect_low_confidence_run, repetition_loop, words_in_silence: warning — symptoms of
 *   hallucination when no reference exists, not proof.
 * - low_confidence: critical below the escalate band (< 0.3), else warning (seed: flag any turn < 0.6).
 * - confidence_decline, caller_repetition, agent_reask, fallback: warning — conversation-level signs
 *   of a failing pipeline.
 * - escalation: info — a transfer is an outcome, not necessarily a failure; its rate is the metric.
 * - latency_warning / latency_critical: end-to-end band 500–1200 ms / > 1200 ms.
 * - stage_over_budget: info — one stage above its budget maximum (under-budget is not flagged).
 * - high_wer: call-level WER status warning/critical → same severity.
 */

import type { Severity, Turn } from '../model/call';
import { confidenceTrend, type TurnConfidence } from './confidence';
import { latencySamples } from './latency';
import { callMetrics, lowConfidenceFromTurns, type CallMetrics } from './metrics';
import type { MaybeTimed } from './runs';
import type { Thresholds } from './thresholds';
import { analyzeTurns, callEscalations, type AnalysisOptions, type AnalyzableCall, type TurnResult } from './turn-analysis';
import { resolveRuleSet, summarizeWer } from './wer/wer';

export type FlagKind =
  | 'hallucination_run'
  | 'suspect_low_confidence_run'
  | 'repetition_loop'
  | 'words_in_silence'
  | 'low_confidence'
  | 'confidence_decline'
  | 'caller_repetition'
  | 'agent_reask'
  | 'fallback'
  | 'escalation'
  | 'latency_warning'
  | 'latency_critical'
  | 'stage_over_budget'
  | 'high_wer';

export interface FlagDraft {
  kind: FlagKind;
  severity: Severity;
  turnIndex: number | null;
  startMs: number | null;
  endMs: number | null;
  detail: string;
  evidence: Record<string, unknown>;
}

export interface CallAnalysis {
  turnResults: TurnResult[];
  callMetrics: CallMetrics;
  flags: FlagDraft[];
}

const span = (u: MaybeTimed | null | undefined): { startMs: number | null; endMs: number | null } => ({ startMs: u?.startMs ?? null, endMs: u?.endMs ?? null });
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function analyzeCall(call: AnalyzableCall, thresholds: Thresholds, options: AnalysisOptions = {}): CallAnalysis {
  const ruleSet = resolveRuleSet(options.ruleSet);
  const turnResults = analyzeTurns(call, thresholds, { ...options, ruleSet });
  const turns = new Map<number, Turn>(call.turns.map((t) => [t.index, t]));
  const provenance = { thresholds: `${thresholds.id}@${thresholds.version}` };
  const flags: FlagDraft[] = [];
  const add = (f: Omit<FlagDraft, 'evidence'> & { evidence: Record<string, unknown> }): void => {
    flags.push({ ...f, evidence: { ...f.evidence, ...provenance } });
  };

  for (const r of turnResults) {
    const turn = turns.get(r.turnIndex)!;
    const caller = span(turn.caller);
    const agent = span(turn.agent);
    const i = r.turnIndex;
    for (const run of r.hallucinationRuns) {
      add({ kind: 'hallucination_run', severity: 'critical', turnIndex: i, startMs: run.startMs ?? caller.startMs, endMs: run.endMs ?? caller.endMs,
        detail: `${run.length} consecutive recognition errors (${run.substitutions} S, ${run.deletions} D, ${run.insertions} I): heard "${run.hypText}" for "${run.refText}"`,
        evidence: { run, normalization: r.wer?.normalization } });
    }
    for (const run of r.lowConfidenceRuns) {
      add({ kind: 'suspect_low_confidence_run', severity: 'warning', turnIndex: i, startMs: run.startMs, endMs: run.endMs,
        detail: `${run.length} consecutive words below confidence ${thresholds.hallucination.lowConfidenceRunThreshold} (mean ${run.meanConfidence.toFixed(2)}): "${run.text}"`,
        evidence: { run } });
    }
    for (const loop of r.repetitionLoops) {
      add({ kind: 'repetition_loop', severity: 'warning', turnIndex: i, startMs: loop.startMs ?? caller.startMs, endMs: loop.endMs ?? caller.endMs,
        detail: `"${loop.phrase}" repeated ${loop.repeats} times in a row`, evidence: { loop } });
    }
    if (r.silentWords.length) {
      const t = r.silentWords.map((s) => s.word);
      add({ kind: 'words_in_silence', severity: 'warning', turnIndex: i, startMs: Math.min(...t.map((w) => w.startMs!)), endMs: Math.max(...t.map((w) => w.endMs!)),
        detail: `${t.length} word(s) timed where the caller's channel is silent: "${t.map((w) => w.text).join(' ')}"`, evidence: { words: r.silentWords } });
    }
    if (r.confidence && r.confidence.confidence < thresholds.confidence.lowThreshold) {
      add({ kind: 'low_confidence', severity: r.confidence.band === 'escalate' ? 'critical' : 'warning', turnIndex: i, ...caller,
        detail: `caller turn confidence ${r.confidence.confidence.toFixed(2)} (${r.confidence.band.replace(/_/g, ' ')}) below ${thresholds.confidence.lowThreshold}`,
        evidence: { confidence: r.confidence } });
    }
    if (r.callerRepetition) {
      add({ kind: 'caller_repetition', severity: 'warning', turnIndex: i, ...caller,
        detail: `caller repeated turn ${r.callerRepetition.earlierTurnIndex} (similarity ${r.callerRepetition.similarity.toFixed(2)})`, evidence: { repetition: r.callerRepetition } });
    }
    for (const reask of r.agentReasks) {
      add({ kind: 'agent_reask', severity: 'warning', turnIndex: i, ...agent,
        detail: `agent asked again for the ${reask.family.replace(/_/g, ' ')} the caller gave in turn ${reask.givenInTurnIndex}`, evidence: { reask } });
    }
    if (r.fallback) {
      add({ kind: 'fallback', severity: 'warning', turnIndex: i, ...agent, detail: `fallback response: "${r.fallback.matched}"`, evidence: { fallback: r.fallback } });
    }
    const lat = r.latency;
    const gap = { startMs: turn.caller?.endMs ?? null, endMs: turn.agent?.startMs ?? null };
    if (lat.band === 'warning' || lat.band === 'critical') {
      add({ kind: lat.band === 'critical' ? 'latency_critical' : 'latency_warning', severity: lat.band, turnIndex: i, ...gap,
        detail: `end-to-end ${lat.endToEndMs} ms${lat.derived ? ' (sum of stages)' : ''}; healthy below ${thresholds.latency.endToEnd.healthyBelowMs} ms`,
        evidence: { latency: lat } });
    }
    for (const st of lat.stages.filter((s) => s.status === 'over')) {
      add({ kind: 'stage_over_budget', severity: 'info', turnIndex: i, ...gap,
        detail: `${st.stage.replace(/Ms$/, '').toUpperCase()} ${st.valueMs} ms over its ${st.minMs}–${st.maxMs} ms budget by ${st.deviationMs} ms`, evidence: { stage: st } });
    }
  }

  const escalations = callEscalations(call, thresholds);
  for (const e of escalations) {
    const turn = e.turnIndex !== null ? turns.get(e.turnIndex) : undefined;
    const tool = turn?.toolCalls.find((c) => c.name === e.toolName);
    const where = tool && (tool.startMs !== null || tool.endMs !== null) ? span(tool) : span(turn?.agent);
    add({ kind: 'escalation', severity: 'info', turnIndex: e.turnIndex, ...where,
      detail: e.source === 'tool_call' ? `transfer via tool call "${e.toolName}"` : "call outcome is 'escalated'", evidence: { escalation: e } });
  }

  const confidences = turnResults.map((r) => r.confidence).filter((c): c is TurnConfidence => c !== null);
  const trend = confidenceTrend(confidences, thresholds.confidence.decline);
  if (trend.declining) {
    const first = turns.get(trend.firstTurnIndex!);
    const last = turns.get(trend.lastTurnIndex!);
    add({ kind: 'confidence_decline', severity: 'warning', turnIndex: null, startMs: first?.caller?.startMs ?? null, endMs: last?.caller?.endMs ?? null,
      detail: `caller confidence falls ${trend.slopePerTurn!.toFixed(3)} per turn (fitted drop ${trend.fittedDrop!.toFixed(2)}) from turn ${trend.firstTurnIndex} to ${trend.lastTurnIndex}`,
      evidence: { trend } });
  }

  const werResults = turnResults.flatMap((r) => (r.wer ? [r.wer] : []));
  const werTotals = werResults.length ? summarizeWer(werResults) : null;
  const sortedTurns = [...call.turns].sort((a, b) => a.index - b.index);
  const firstCallerTurn = sortedTurns.find((t) => t.caller !== null);
  const withExpected = sortedTurns.filter((t) => t.expectedIntent !== null);
  const metrics = callMetrics(
    {
      turnCount: call.turns.length,
      wer: werTotals,
      werTotals,
      intentEvaluated: withExpected.length,
      intentCorrect: withExpected.filter((t) => t.intent?.name === t.expectedIntent).length,
      firstTurnIntentCorrect: firstCallerTurn && firstCallerTurn.expectedIntent !== null ? firstCallerTurn.intent?.name === firstCallerTurn.expectedIntent : null,
      lowConfidence: lowConfidenceFromTurns(confidences, thresholds),
      agentResponses: sortedTurns.filter((t) => t.agent !== null).length,
      fallbacks: turnResults.filter((r) => r.fallback !== null).length,
      outcomeKnown: call.outcome !== 'unknown',
      resolved: call.outcome === 'resolved',
      escalated: escalations.length > 0,
      samples: latencySamples(sortedTurns),
      confidenceTrend: trend,
    },
    thresholds,
  );
  const werMetric = metrics.metrics.wer;
  if (werMetric.status === 'warning' || werMetric.status === 'critical') {
    add({ kind: 'high_wer', severity: werMetric.status, turnIndex: null, startMs: null, endMs: null,
      detail: `call WER ${pct(werMetric.value!)} (${werMetric.numerator} errors / ${werMetric.denominator} reference words)`,
      evidence: { wer: werTotals, normalization: { ruleSetId: ruleSet.id, hash: ruleSet.hash } } });
  }
  return { turnResults, callMetrics: metrics, flags };
}
