/**
 * Everything computed for the turns of one call, before it is judged (flags.ts) or aggregated
 * (metrics.ts). The input is built from the model's Turn[] plus outcome, so importers and the store
 * need no analysis-specific shape.
 */

import type { CallOutcome, ToolCall, Turn, Word } from '../model/call';
import { turnConfidence, type TurnConfidence } from './confidence';
import { turnLatency, type TurnLatency } from './latency';
import { normalizeWordList } from './normalize/normalize';
import type { RuleSet } from './normalize/rule-sets';
import {
  findCallerRepetitions, findAgentReasks, findEscalations, matchFallback,
  type AgentReask, type CallerRepetition, type EscalationEvent, type FallbackMatch,
} from './patterns';
import {
  findHallucinationRuns, findLowConfidenceRuns, findRepetitionLoops, findWordsInSilence, timesFromOrigins,
  type HallucinationRun, type LowConfidenceRun, type RepetitionLoop, type SilentWordDetector, type SuspectWord, type TimeSpan,
} from './runs';
import type { Thresholds } from './thresholds';
import { computeWerFromWords, resolveRuleSet, type UtteranceWer } from './wer/wer';

export interface AnalyzableCall {
  callId?: string | null;
  turns: readonly Turn[];
  outcome: CallOutcome;
  /** Tool calls not attached to a turn (checked for transfers too). */
  toolCalls?: readonly ToolCall[];
  /** Speech segments of the caller's channel (e.g. from VAD); enables the words-in-silence check. */
  callerSpeech?: readonly TimeSpan[] | null;
}

/** Adapter from the stored call (CallDetail has these fields). */
export function toAnalyzableCall(call: { id?: string; turns: Turn[]; outcome: CallOutcome }, callerSpeech?: readonly TimeSpan[] | null): AnalyzableCall {
  return { callId: call.id ?? null, turns: call.turns, outcome: call.outcome, callerSpeech: callerSpeech ?? null };
}

export interface AnalysisOptions {
  /** Normalization for WER; default `turnscope-default@1`. */
  ruleSet?: RuleSet | string;
  /** Replaces the built-in words-in-silence check. */
  silenceDetector?: SilentWordDetector;
}

export interface TurnResult {
  turnIndex: number;
  wer: UtteranceWer | null;
  hallucinationRuns: HallucinationRun[];
  lowConfidenceRuns: LowConfidenceRun[];
  repetitionLoops: RepetitionLoop[];
  silentWords: SuspectWord[];
  confidence: TurnConfidence | null;
  latency: TurnLatency;
  callerRepetition: CallerRepetition | null;
  agentReasks: AgentReask[];
  fallback: FallbackMatch | null;
  escalations: EscalationEvent[];
}

export function utteranceText(u: { text: string; words: Word[] } | null): string | null {
  if (!u) return null;
  if (u.text.trim() !== '') return u.text;
  return u.words.length ? u.words.map((w) => w.text).join(' ') : '';
}

/** WER of one turn when a reference exists; hypothesis words keep their recognizer timings. */
function turnWer(turn: Turn, ruleSet: RuleSet, thresholds: Thresholds): { wer: UtteranceWer | null; runs: HallucinationRun[] } {
  if (turn.referenceText === null) return { wer: null, runs: [] };
  const words = turn.caller?.words ?? [];
  const hypSource = words.length ? words.map((w) => w.text) : [turn.caller?.text ?? ''];
  const hyp = normalizeWordList(hypSource, ruleSet);
  const ref = normalizeWordList([turn.referenceText], ruleSet);
  const wer = computeWerFromWords(ref.words, hyp.words, { ruleSetId: ruleSet.id, hash: ruleSet.hash });
  const hypTimes = words.length ? timesFromOrigins(hyp.origins, words) : undefined;
  return { wer, runs: findHallucinationRuns(wer.alignment, { minLength: thresholds.hallucination.minRunLength, hypTimes }) };
}

export function analyzeTurns(call: AnalyzableCall, thresholds: Thresholds, options: AnalysisOptions = {}): TurnResult[] {
  const ruleSet = resolveRuleSet(options.ruleSet);
  const turns = [...call.turns].sort((a, b) => a.index - b.index);
  const h = thresholds.hallucination;
  const p = thresholds.patterns;

  const repetitions = findCallerRepetitions(
    turns.flatMap((t) => {
      const text = utteranceText(t.caller);
      return text ? [{ index: t.index, text }] : [];
    }),
    { threshold: p.callerRepetitionSimilarity, minChars: p.callerRepetitionMinChars },
  );
  const reasks = findAgentReasks(turns.map((t) => ({ index: t.index, callerText: utteranceText(t.caller), agentText: utteranceText(t.agent) })));
  const escalations = callEscalations(call, thresholds);

  return turns.map((turn) => {
    const words = turn.caller?.words ?? [];
    const { wer, runs } = turnWer(turn, ruleSet, thresholds);
    const speech = call.callerSpeech;
    const silentWords = speech
      ? options.silenceDetector
        ? options.silenceDetector(speech, words)
        : findWordsInSilence(speech, words, { minCoverage: h.silenceMinCoverage })
      : [];
    const agentText = utteranceText(turn.agent);
    return {
      turnIndex: turn.index,
      wer,
      hallucinationRuns: runs,
      lowConfidenceRuns: findLowConfidenceRuns(words, { threshold: h.lowConfidenceRunThreshold, minLength: h.lowConfidenceRunLength }),
      repetitionLoops: findRepetitionLoops(normalizedCallerWords(turn, ruleSet), { maxN: h.repetitionMaxN, minRepeats: h.repetitionMinRepeats }),
      silentWords,
      confidence: turn.caller ? turnConfidence({ turnIndex: turn.index, wordConfidences: words.map((w) => w.confidence) }, thresholds.confidence.bands) : null,
      latency: turnLatency(turn, thresholds.latency),
      callerRepetition: repetitions.find((r) => r.turnIndex === turn.index) ?? null,
      agentReasks: reasks.filter((r) => r.turnIndex === turn.index),
      fallback: agentText ? matchFallback(agentText, p.fallbackPhrases, p.fallbackSimilarity) : null,
      escalations: escalations.filter((e) => e.turnIndex === turn.index),
    };
  });
}

/**
 * All escalations of the call: transfer-like tool calls in turns (turnIndex set) or outside them
 * (turnIndex null), else the outcome 'escalated' (turnIndex null).
 */
export function callEscalations(call: AnalyzableCall, thresholds: Thresholds): EscalationEvent[] {
  const inTurns = call.turns.map((t) => ({ index: t.index, toolCalls: t.toolCalls }));
  const events = findEscalations(inTurns, 'unknown', thresholds.patterns.escalationToolPattern);
  const loose = findEscalations([{ index: -1, toolCalls: call.toolCalls ?? [] }], 'unknown', thresholds.patterns.escalationToolPattern);
  events.push(...loose.map((e) => ({ ...e, turnIndex: null })));
  if (events.length === 0 && call.outcome === 'escalated') events.push({ turnIndex: null, source: 'outcome', toolName: null });
  return events;
}

/**
 * Caller words after normalization, with times carried over from the source words. Loops are looked
 * for here rather than in the raw words because spoken digit strings ("four one one one") repeat
 * words legitimately; normalized, they are one token ("4111").
 */
function normalizedCallerWords(turn: Turn, ruleSet: RuleSet): Word[] {
  const source = turn.caller?.words.length ? turn.caller.words : [{ text: turn.caller?.text ?? '', startMs: null, endMs: null, confidence: null }];
  const n = normalizeWordList(source.map((w) => w.text), ruleSet);
  const times = timesFromOrigins(n.origins, source);
  return n.words.map((text, k) => ({ text, startMs: times[k]!.startMs, endMs: times[k]!.endMs, confidence: null }));
}
