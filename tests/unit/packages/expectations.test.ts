import { describe, expect, it } from 'vitest';
import defaults from '../../../resources/thresholds/default.json';
import { validateThresholds } from '../../../shared/analysis/thresholds';
import type { Turn } from '../../../shared/model/call';
import { countAssertions } from '../../../shared/packages/expectations';
import { applyExpectationOverrides, ExpectationsError, toOverrideForm } from '../../../shared/packages/overrides';
import { comparableArguments, defaultExpectations, defaultTurnSelection, isFreeText, turnRanges } from '../../../shared/packages/prefill';

const thresholds = validateThresholds(defaults);

function turn(index: number, over: Partial<Turn> = {}): Turn {
  return {
    index,
    caller: { text: 'i want to pay my bill', startMs: 1000, endMs: 2000, words: [] },
    agent: { text: 'sure, one moment', startMs: 2500, endMs: 3000, words: [] },
    referenceText: 'I want to pay my bill.',
    intent: { name: 'pay', confidence: 0.9 },
    expectedIntent: null,
    timings: { sttMs: 150, llmMs: 200, ttsMs: 80, overheadMs: 30, endToEndMs: 460, timeToFirstWordMs: null },
    toolCalls: [],
    ...over,
  };
}

describe('pre-filled expectations: target what failed, hold what was right', () => {
  it('a turn with a hallucination run gets the critical WER bound; an imperfect turn keeps its own WER', () => {
    const garbled = turn(1, { caller: { text: 'the fifth yes is yes that is', startMs: 0, endMs: 1, words: [] }, referenceText: "that's not right the payment went out" });
    const imperfect = turn(2, { caller: { text: 'i want to play my bill', startMs: 0, endMs: 1, words: [] } });
    const e = defaultExpectations({ turns: [garbled, imperfect], turnIndexes: [1, 2], thresholds });
    expect(e.turns[0]!.transcript).toMatchObject({ maxWer: 0.08, normalization: 'turnscope-default@1' });
    expect(e.turns[0]!.transcript!.basis).toMatch(/hallucination run/);
    // 1 substitution in 6 words = 0.1667, rounded up so the source call itself passes.
    expect(e.turns[1]!.transcript!.maxWer).toBe(0.17);
    expect(e.turns[1]!.noHallucinationRun).toMatchObject({ minRunLength: 5 });
  });

  it('a critical turn must come back within every stage budget; a stage over budget elsewhere is held, not tightened', () => {
    const slow = turn(3, { timings: { sttMs: 190, llmMs: 1380, ttsMs: 95, overheadMs: 45, endToEndMs: 1710, timeToFirstWordMs: null } });
    const warm = turn(4, { timings: { sttMs: 310, llmMs: 260, ttsMs: 70, overheadMs: 30, endToEndMs: 670, timeToFirstWordMs: null } });
    const e = defaultExpectations({ turns: [slow, warm], turnIndexes: [3, 4], thresholds });
    expect(e.turns[0]!.latency).toMatchObject({ maxEndToEndMs: 1200, stageBudgetsMs: { sttMs: 200, llmMs: 300, ttsMs: 100, overheadMs: 50 } });
    expect(e.turns[1]!.latency).toMatchObject({ maxEndToEndMs: 1200, stageBudgetsMs: { sttMs: 310, llmMs: 300 } });
    expect(e.turns[1]!.latency!.basis).toMatch(/STT 310 ms/);
  });

  it("the analyst's intent label wins over the recognized intent", () => {
    const e = defaultExpectations({ turns: [turn(1, { intent: { name: 'payment_plan', confidence: 0.4 }, expectedIntent: 'dispute' }), turn(2)], turnIndexes: [1, 2], thresholds });
    expect(e.turns.map((t) => t.intent?.name)).toEqual(['dispute', 'pay']);
    expect(e.turns[0]!.intent!.basis).toMatch(/labelled/);
  });

  it('tool calls keep identifiers and numbers, leave free text out and say so', () => {
    const t = turn(5, {
      toolCalls: [{ id: 'c', name: 'transfer', arguments: { queue: 'billing', priority: 2, reason: 'caller disputes a 40 dollar late fee', meta: { tag: 'x', note: 'a much longer sentence with many words in it' } }, result: null, startMs: null, endMs: null }],
    });
    const e = defaultExpectations({ turns: [t], turnIndexes: [5], thresholds });
    expect(e.turns[0]!.toolCalls!.calls).toEqual([{ name: 'transfer', arguments: { queue: 'billing', priority: 2, meta: { tag: 'x' } }, ignoredArguments: ['reason', 'meta.note'] }]);
    expect(isFreeText('4472918')).toBe(false);
    expect(comparableArguments(['a', 'b c d e']).ignored).toEqual(['(all)']);
  });

  it('a fallback the agent used becomes a must-not-say phrase', () => {
    const e = defaultExpectations({ turns: [turn(1, { agent: { text: "Sorry, I didn't catch that. Could you repeat that?", startMs: 0, endMs: 1, words: [] } })], turnIndexes: [1], thresholds });
    expect(e.turns[0]!.phrases).toMatchObject({ mustSay: [], mustNotSay: [expect.stringMatching(/catch that|repeat that/)] });
  });

  it('compliance: categories not found, plus confirmed findings; open and dismissed ones are not asserted', () => {
    const e = defaultExpectations({
      turns: [turn(1), turn(2)],
      turnIndexes: [1],
      thresholds,
      compliance: {
        categories: ['pci.pan', 'pci.readback', 'phi.dob', 'phi.ssn'],
        findings: [
          { category: 'pci.readback', turnIndex: 1, status: 'confirmed' },
          { category: 'phi.dob', turnIndex: 1, status: 'open' },
          { category: 'phi.ssn', turnIndex: 1, status: 'dismissed' },
          { category: 'pci.pan', turnIndex: 2, status: 'open' },
        ],
      },
    });
    // pci.pan was found only in turn 2, which is not in the package.
    expect(e.compliance!.mustNotOccur).toEqual(['pci.pan', 'pci.readback']);
    expect(e.compliance!.basis).toMatch(/confirmed \(pci\.readback\)/);
  });

  it('selects every caller turn by default; unknown indexes are skipped', () => {
    const turns = [turn(0, { caller: null }), turn(1), turn(2)];
    expect(defaultTurnSelection(turns)).toEqual([1, 2]);
    expect(defaultExpectations({ turns, turnIndexes: [2, 9], thresholds }).turns.map((t) => t.turnIndex)).toEqual([2]);
    expect(turnRanges([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7, 8');
  });
});

describe('editing expectations', () => {
  const base = defaultExpectations({ turns: [turn(1), turn(2)], turnIndexes: [1, 2], thresholds });

  it('merges field by field, null removes, arrays replace, and the basis says it was edited', () => {
    const e = applyExpectationOverrides(base, {
      turns: { '1': { transcript: { maxWer: 0.2 }, intent: null, phrases: { mustSay: ['one moment'] } }, '2': null },
      compliance: { mustNotOccur: ['pci.pan'] },
    });
    expect(e.turns[0]!.transcript).toMatchObject({ maxWer: 0.2, reference: 'I want to pay my bill.' });
    expect(e.turns[0]!.transcript!.basis).toMatch(/^edited by the analyst \(maxWer\); pre-filled: /);
    expect(e.turns[0]!.intent).toBeNull();
    expect(e.turns[0]!.phrases).toEqual({ mustSay: ['one moment'], mustNotSay: [], basis: 'set by the analyst' });
    expect(e.turns[1]).toMatchObject({ transcript: null, latency: null, intent: null });
    expect(e.compliance).toMatchObject({ mustNotOccur: ['pci.pan'], basis: 'set by the analyst' });
    expect(countAssertions(e)).toBeLessThan(countAssertions(base));
  });

  it('round-trips through the printed form unchanged', () => {
    expect(applyExpectationOverrides(base, JSON.parse(JSON.stringify(toOverrideForm(base))))).toEqual(base);
  });

  it('lists every problem at once and applies nothing', () => {
    const attempt = (): unknown => applyExpectationOverrides(base, {
      turns: { '7': {}, '1': { transcript: { maxWer: 'low', colour: 'red' }, tooling: {} } },
      compliance: { mustNotOccur: ['PAN'] },
      extra: 1,
    });
    expect(attempt).toThrow(ExpectationsError);
    try {
      attempt();
    } catch (err) {
      expect((err as ExpectationsError).problems).toEqual([
        'extra: unknown field (expected turns, compliance)',
        // Object keys that are indexes come in numeric order.
        'turns.1.transcript.colour: unknown field (expected reference, maxWer, normalization, basis)',
        'turns.1.transcript.maxWer: must be a number from 0 to 10',
        'turns.1.tooling: unknown expectation (expected transcript, noHallucinationRun, intent, toolCalls, latency, phrases)',
        'turns.7: turn 7 is not in the package (its turns: 1, 2)',
        'compliance.mustNotOccur: must be a list of categories like "pci.pan"',
      ]);
    }
  });

  it('a new expectation from nothing must be complete', () => {
    const noIntent = applyExpectationOverrides(base, { turns: { '1': { intent: null } } });
    expect(() => applyExpectationOverrides(noIntent, { turns: { '1': { intent: {} } } })).toThrow(/turns\.1\.intent\.name: missing/);
    expect(applyExpectationOverrides(noIntent, { turns: { '1': { intent: { name: 'pay' } } } }).turns[0]!.intent).toEqual({ name: 'pay', basis: 'set by the analyst' });
  });
});
