/**
 * analyzeCall on a hand-built five-turn call whose every finding is worked out by hand:
 * turn 0: exact recognition; agent asks for the account number; intent correct; latency fine.
 * turn 1: caller gives the account number but the recognizer hears "i can't remember this for a
 *         wonder one tattoo": vs the normalized reference [my account number is 41112222] that is
 *         5 S + 4 I, a 9-step hallucination run; agent falls back ("I didn't catch that"); LLM
 *         1000 ms (over its 300 ms budget), end-to-end 1300 ms → critical.
 * turn 2: "i said i said i said" at confidence 0.3–0.4: repetition loop, low-confidence run, turn
 *         confidence 0.35 (re-prompt band); agent asks for the account number (first ask after turn 0,
 *         nothing given yet → no re-ask).
 * turn 3: caller gives "four one one one two two two two" (recognized right); agent asks for the
 *         account number again → re-ask; end-to-end 700 ms → warning.
 * turn 4: caller repeats turn 3 → caller repetition; agent transfers (tool call); outcome escalated.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCall } from '../../../shared/analysis/flags';
import type { AnalyzableCall } from '../../../shared/analysis/turn-analysis';
import { RULE_SET_DEFAULT } from '../../../shared/analysis/normalize/rule-sets';
import { loadDefaultThresholds, timedWords, tool, turn, utterance } from './helpers/turns';

const t = loadDefaultThresholds();
const digits = 'four one one one two two two two';
const conf = (n: number, c: number): number[] => Array.from({ length: n }, () => c);

function buildCall(): AnalyzableCall {
  return {
    callId: 'c1',
    outcome: 'escalated',
    turns: [
      turn(0, {
        caller: utterance('', { startMs: 0, endMs: 2000, words: timedWords('hi i need help with my bill', conf(7, 0.95), 0) }),
        referenceText: 'Hi, I need help with my bill.',
        agent: utterance('Sure. What is your account number?', { startMs: 2400, endMs: 4000 }),
        intent: { name: 'billing', confidence: 0.9 }, expectedIntent: 'billing',
        timings: { sttMs: 150, llmMs: 200, ttsMs: 80, endToEndMs: 400 },
      }),
      turn(1, {
        caller: utterance('', { startMs: 10_000, endMs: 12_650, words: timedWords("i can't remember this for a wonder one tattoo", conf(9, 0.7), 10_000) }),
        referenceText: `my account number is ${digits}`,
        agent: utterance("Sorry, I didn't catch that.", { startMs: 13_950, endMs: 15_000 }),
        timings: { sttMs: 150, llmMs: 1000, ttsMs: 100, overheadMs: 50, endToEndMs: 1300 },
      }),
      turn(2, {
        caller: utterance('', { startMs: 20_000, endMs: 21_800, words: timedWords('i said i said i said', [0.4, 0.3, 0.35, 0.3, 0.4, 0.35], 20_000) }),
        agent: utterance('Could you please provide your account number?', { startMs: 22_200, endMs: 23_000 }),
        timings: { endToEndMs: 400 },
      }),
      turn(3, {
        caller: utterance('', { startMs: 30_000, endMs: 32_400, words: timedWords(digits, conf(8, 0.9), 30_000) }),
        referenceText: digits,
        agent: utterance('Thanks. Can you give me your account number?', { startMs: 33_100, endMs: 34_000 }),
        timings: { endToEndMs: 700 },
      }),
      turn(4, {
        caller: utterance('', { startMs: 40_000, endMs: 42_400, words: timedWords(digits, conf(8, 0.9), 40_000) }),
        referenceText: digits,
        agent: utterance('Let me connect you with a specialist.', { startMs: 42_750, endMs: 44_000 }),
        toolCalls: [tool('transfer_to_human', 43_000, 43_200)],
        timings: { endToEndMs: 350 },
      }),
    ],
  };
}

describe('analyzeCall', () => {
  const { turnResults, callMetrics, flags } = analyzeCall(buildCall(), t);
  const kinds = flags.map((f) => `${f.kind}@${f.turnIndex}:${f.severity}`);

  it('produces exactly the expected flags', () => {
    expect(kinds.sort()).toEqual([
      'agent_reask@3:warning',
      'caller_repetition@4:warning',
      'escalation@4:info',
      'fallback@1:warning',
      'hallucination_run@1:critical',
      'high_wer@null:critical',
      'latency_critical@1:critical',
      'latency_warning@3:warning',
      'low_confidence@2:warning',
      'repetition_loop@2:warning',
      'stage_over_budget@1:info',
      'suspect_low_confidence_run@2:warning',
    ]);
  });

  it('computes per-turn WER on normalized words and maps the run to word times', () => {
    const w1 = turnResults[1]!.wer!;
    expect([w1.refWords, w1.hypWords, w1.substitutions, w1.insertions, w1.errors]).toEqual([5, 9, 5, 4, 9]);
    expect(w1.normalization).toEqual({ ruleSetId: RULE_SET_DEFAULT.id, hash: RULE_SET_DEFAULT.hash });
    const run = flags.find((f) => f.kind === 'hallucination_run')!;
    expect(run.evidence.run).toMatchObject({ start: 0, end: 8, length: 9 });
    expect([run.startMs, run.endMs]).toEqual([10_000, 12_650]);
    expect(turnResults[3]!.wer!.wer).toBe(0); // "four one one one…" = "41112222"
  });

  it('reports the low-confidence turn with its band and time span', () => {
    const f = flags.find((x) => x.kind === 'low_confidence')!;
    expect([f.startMs, f.endMs]).toEqual([20_000, 21_800]);
    expect(turnResults[2]!.confidence).toMatchObject({ band: 'reprompt', min: 0.3 });
    expect(turnResults[2]!.confidence!.confidence).toBeCloseTo(2.1 / 6, 12);
    expect(flags.find((x) => x.kind === 'repetition_loop')!.evidence.loop).toMatchObject({ n: 2, repeats: 3, phrase: 'i said' });
  });

  it('spans latency flags from caller end to agent start and the escalation by the tool call', () => {
    expect(flags.find((x) => x.kind === 'latency_critical')).toMatchObject({ startMs: 12_650, endMs: 13_950 });
    expect(flags.find((x) => x.kind === 'stage_over_budget')!.detail).toBe('LLM 1000 ms over its 150–300 ms budget by 700 ms');
    expect(flags.find((x) => x.kind === 'escalation')).toMatchObject({ startMs: 43_000, endMs: 43_200 });
    expect(flags.find((x) => x.kind === 'agent_reask')!.evidence.reask).toMatchObject({ family: 'account_number', givenInTurnIndex: 3 });
    expect(flags.every((f) => f.evidence.thresholds === 'turnscope-default@1')).toBe(true);
  });

  it('computes call metrics by hand', () => {
    const m = callMetrics.metrics;
    // reference words 7 + 5 + 1 + 1 = 14, errors 0 + 9 + 0 + 0 = 9
    expect(m.wer).toMatchObject({ numerator: 9, denominator: 14, status: 'critical' });
    expect(m.wer.value).toBeCloseTo(9 / 14, 12);
    // ASR accuracy clamps to 1 − 9/14 = 5/14; NLU 1/1 → VIER = 9/14
    expect(m.voiceIntentErrorRate.value).toBeCloseTo(9 / 14, 12);
    expect(m.firstTurnIntentAccuracy).toMatchObject({ value: 1, numerator: 1, denominator: 1, status: 'healthy' });
    expect(m.lowConfidenceRate).toMatchObject({ value: 0.2, numerator: 1, denominator: 5, status: 'critical' });
    expect(m.fallbackRate).toMatchObject({ value: 0.2, numerator: 1, denominator: 5, status: 'critical' });
    expect(m.escalationRate).toMatchObject({ value: 1, status: 'critical' });
    expect(m.firstCallResolution).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    // end-to-end [350, 400, 400, 700, 1300] → P95 rank 5 = 1300, P90 rank ceil(4.5) = 5 = 1300
    expect(m.p95LatencyMs).toMatchObject({ value: 1300, status: 'critical' });
    expect(m.p90LatencyMs).toMatchObject({ value: 1300, status: 'healthy' });
    // TTFW = agent start − caller end: 400, 1300, 400, 700, 350 → P95 = 1300 (healthy, < 3 s)
    expect(callMetrics.samples.timeToFirstWordMs).toEqual([400, 1300, 400, 700, 350]);
    expect(m.ttfwP95Ms).toMatchObject({ value: 1300, status: 'healthy' });
    expect(callMetrics.confidenceTrend.declining).toBe(false);
  });
});

describe('analyzeCall confidence decline and silence', () => {
  it('flags a steady decline and words timed in silence', () => {
    const levels = [0.85, 0.8, 0.72, 0.66, 0.6];
    const call: AnalyzableCall = {
      outcome: 'resolved',
      callerSpeech: [{ startMs: 0, endMs: 20_000 }],
      turns: levels.map((c, i) =>
        turn(i, { caller: utterance('', { startMs: i * 10_000, endMs: i * 10_000 + 550, words: timedWords('yes please', [c, c], i * 10_000) }) }),
      ),
    };
    const { flags } = analyzeCall(call, t);
    const decline = flags.find((f) => f.kind === 'confidence_decline')!;
    expect(decline).toMatchObject({ severity: 'warning', turnIndex: null, startMs: 0, endMs: 40_550 });
    expect(flags.filter((f) => f.kind === 'low_confidence')).toEqual([]);
    // speech ends at 20 s: the words of turns 2 (20 000–20 550), 3 and 4 are in silence
    expect(flags.filter((f) => f.kind === 'words_in_silence').map((f) => f.turnIndex)).toEqual([2, 3, 4]);
  });
});
