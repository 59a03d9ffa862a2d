import { describe, expect, it } from 'vitest';
import type { Turn } from '../../../shared/model/call';
import { evaluatePackage, type ComplianceFinding } from '../../../shared/packages/evaluate';
import type { PackageExpectations, TurnExpectations } from '../../../shared/packages/expectations';
import { argumentMismatch } from '../../../shared/packages/tool-args';

function turn(index: number, over: Partial<Turn> = {}): Turn {
  return {
    index,
    caller: { text: 'my account number is 4472918', startMs: 0, endMs: 1000, words: [] },
    agent: { text: 'Thanks, I found your account. Your bill is 186 dollars.', startMs: 1500, endMs: 3000, words: [] },
    referenceText: null,
    intent: { name: 'provide_account_number', confidence: 0.9 },
    expectedIntent: null,
    timings: { sttMs: 150, llmMs: 250, ttsMs: 80, overheadMs: 30, endToEndMs: 510, timeToFirstWordMs: null },
    toolCalls: [{ id: 'a', name: 'lookup_account', arguments: { accountNumber: 4472918, region: 'eu' }, result: null, startMs: null, endMs: null }],
    ...over,
  };
}

const none: Omit<TurnExpectations, 'turnIndex'> = { transcript: null, noHallucinationRun: null, intent: null, toolCalls: null, latency: null, phrases: null };

function run(expect1: Partial<TurnExpectations>, newTurn: Turn, findings: ComplianceFinding[] | null = [], compliance: PackageExpectations['compliance'] = null) {
  const expectations: PackageExpectations = { turns: [{ ...none, turnIndex: 2, ...expect1 }], compliance };
  return evaluatePackage({ expectations, packageTurns: [{ index: 2, callerText: 'my account number is 4472918', reference: null }], call: { turns: [turn(0, { caller: null }), newTurn] }, findings });
}

const byId = (r: ReturnType<typeof run>, id: string) => r.assertions.find((a) => a.id === id)!;

describe('evaluating expectations against a new call', () => {
  it('tool calls: expected arguments are a subset; a number equals the same number as text', () => {
    const r = run({ toolCalls: { calls: [{ name: 'lookup_account', arguments: { accountNumber: '4472918' }, ignoredArguments: [] }], allowOtherCalls: false, basis: 'b' } }, turn(1));
    expect(byId(r, 'turn-2.tool.0')).toMatchObject({ status: 'pass', callTurn: 1 });
    expect(byId(r, 'turn-2.tool.others')).toMatchObject({ status: 'pass', measured: 'none' });
  });

  it('tool calls: a wrong argument, a missing call and an unexpected extra call fail with what was seen', () => {
    const wrong = run({ toolCalls: { calls: [{ name: 'lookup_account', arguments: { accountNumber: '1111111' }, ignoredArguments: [] }], allowOtherCalls: true, basis: 'b' } }, turn(1));
    expect(byId(wrong, 'turn-2.tool.0')).toMatchObject({ status: 'fail', detail: 'accountNumber: expected "1111111", got 4472918' });
    const missing = run({ toolCalls: { calls: [{ name: 'transfer', arguments: {}, ignoredArguments: [] }], allowOtherCalls: true, basis: 'b' } }, turn(1));
    expect(byId(missing, 'turn-2.tool.0')).toMatchObject({ status: 'fail', measured: 'not called', detail: 'the turn called lookup_account' });
    const extra = run({ toolCalls: { calls: [], allowOtherCalls: false, basis: 'b' } }, turn(1));
    expect(byId(extra, 'turn-2.tool.others')).toMatchObject({ status: 'fail', measured: 'lookup_account' });
    expect(argumentMismatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2, c: 3 }], d: 4 })).toBeNull();
    expect(argumentMismatch({ a: [1, 2] }, { a: [1] })).toBe('a: expected 2 items, got 1');
    expect(argumentMismatch({ q: 'x' }, '{"q":"x"}')).toMatch(/expected an object/);
  });

  it('latency: end to end and each stage against its bound; a stage the trace lacks is skipped, not passed', () => {
    const t = turn(1, { timings: { sttMs: 150, llmMs: 900, ttsMs: null, overheadMs: 30, endToEndMs: 1300, timeToFirstWordMs: null } });
    const r = run({ latency: { maxEndToEndMs: 1200, stageBudgetsMs: { llmMs: 300, ttsMs: 100 }, basis: 'b' } }, t);
    expect(byId(r, 'turn-2.end-to-end')).toMatchObject({ status: 'fail', measured: '1300 ms', bound: '≤ 1200 ms', detail: '100 ms over the bound' });
    expect(byId(r, 'turn-2.stage.llmMs')).toMatchObject({ status: 'fail', measured: '900 ms' });
    expect(byId(r, 'turn-2.stage.ttsMs')).toMatchObject({ status: 'skip' });
    expect(r.summary).toEqual({ total: 4, passed: 1, failed: 2, skipped: 1 });
  });

  it('intent: a trace without intents is skipped; a different one fails', () => {
    expect(byId(run({ intent: { name: 'x', basis: 'b' } }, turn(1, { intent: null })), 'turn-2.intent').status).toBe('skip');
    expect(byId(run({ intent: { name: 'x', basis: 'b' } }, turn(1)), 'turn-2.intent')).toMatchObject({ status: 'fail', measured: 'provide_account_number', bound: '= x' });
  });

  it('transcript: WER and hallucination runs are computed against the package reference', () => {
    const t = turn(1, { caller: { text: 'the fifth yes is yes that is i have a good a', startMs: 0, endMs: 1, words: [] } });
    const exp = { transcript: { reference: "That's not right. The payment went out on the first from my bank.", maxWer: 0.08, normalization: 'turnscope-default@1', basis: 'b' }, noHallucinationRun: { minRunLength: 5, basis: 'b' } };
    // A different caller text matches by position only (the one caller turn).
    const r = run(exp, t);
    expect(byId(r, 'turn-2.wer')).toMatchObject({ status: 'fail', measured: '1.00' });
    expect(byId(r, 'turn-2.hallucination')).toMatchObject({ status: 'fail', measured: '1 run(s)' });
    const fixed = run(exp, turn(1, { caller: { text: "that's not right the payment went out on the 1st from my bank", startMs: 0, endMs: 1, words: [] } }));
    expect(byId(fixed, 'turn-2.wer')).toMatchObject({ status: 'pass', measured: '0.00' });
    expect(byId(fixed, 'turn-2.hallucination').status).toBe('pass');
  });

  it('phrases: must say and must not say are fuzzy over the normalized reply', () => {
    const r = run({ phrases: { mustSay: ['I found your account'], mustNotSay: ['payment plan'], basis: 'b' } }, turn(1));
    expect(byId(r, 'turn-2.must-say.0').status).toBe('pass');
    expect(byId(r, 'turn-2.must-not-say.0').status).toBe('pass');
    const bad = run({ phrases: { mustSay: ['transfer you'], mustNotSay: ['your bill is'], basis: 'b' } }, turn(1));
    expect(byId(bad, 'turn-2.must-say.0').status).toBe('fail');
    expect(byId(bad, 'turn-2.must-not-say.0')).toMatchObject({ status: 'fail', measured: '"your bill is"' });
  });

  it('compliance: findings of forbidden categories in matched turns (or about the whole call) fail', () => {
    const c = { mustNotOccur: ['pci.readback'], basis: 'b' };
    const f = (turnIndex: number | null): ComplianceFinding => ({ category: 'pci.readback', ruleId: 'pci.readback', severity: 'critical', turnIndex, text: '•••• 1111' });
    expect(byId(run({}, turn(1), [f(0)], c), 'compliance').status).toBe('pass');
    expect(byId(run({}, turn(1), [f(1)], c), 'compliance')).toMatchObject({ status: 'fail', measured: 'pci.readback ×1' });
    expect(byId(run({}, turn(1), [f(null)], c), 'compliance').status).toBe('fail');
    expect(byId(run({}, turn(1), null, c), 'compliance').status).toBe('skip');
  });

  it('an unmatched turn fails its match and skips its other assertions', () => {
    const expectations: PackageExpectations = { turns: [{ ...none, turnIndex: 2, intent: { name: 'x', basis: 'b' } }], compliance: null };
    const r = evaluatePackage({ expectations, packageTurns: [{ index: 2, callerText: 'hello', reference: null }], call: { turns: [] }, findings: [] });
    expect(r.assertions.map((a) => [a.id, a.status])).toEqual([['turn-2.match', 'fail'], ['turn-2.intent', 'skip']]);
    expect(r.passed).toBe(false);
  });
});
