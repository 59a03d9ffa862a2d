/**
 * Redaction in the pure core: one plan removes a secret from text, words, reference transcript, trace and
 * metadata at once; the fixed-point loop leaves nothing a scan finds; reviewer dismissals are kept; the
 * leak sweep finds a secret however it is written.
 */
import { describe, expect, it } from 'vitest';
import { applyRedaction } from '../../../shared/compliance/redaction/apply';
import { mergedAudioSpans, planRedaction } from '../../../shared/compliance/redaction/plan';
import { countLeaks, redactCall, sweepableSecrets } from '../../../shared/compliance/redaction/verify';
import { redactedView } from '../../../shared/compliance/redaction/view';
import { scanCall } from '../../../shared/compliance/scan';
import type { ComplianceHit } from '../../../shared/compliance/types';
import { builtInRules, call, span, timedWords, utterance } from './helpers';

const CARD_WORDS = 'four one one one one one one one one one one one one one one one';

function paymentCall() {
  const spoken = `sure it is ${CARD_WORDS}`;
  return call(
    [
      { caller: 'I want to pay', agent: 'What is the card number?' },
      { caller: utterance('sure it is 4111 1111 1111 1111', 8000, 14000, timedWords(spoken, 8000)), reference: 'Sure, it is 4111-1111-1111-1111.', agent: 'And your social security number?', tools: [{ name: 'charge', arguments: { cardNumber: '4111111111111111' }, result: { ok: true } }] },
      { caller: utterance('123-45-6789', 16000, 18000), agent: 'Thanks. I have 4111 1111 1111 1111, right?' },
    ],
    { spans: [span({ 'llm.input': 'user: sure it is 4111 1111 1111 1111', model: 'm' }, { turnIndex: 2 })], metadata: { crm: { last: '4111111111111111' } } },
  );
}

describe('redaction plan and apply', () => {
  it('removes the card from text, words, reference, tool arguments, span attributes and metadata together', () => {
    const c = paymentCall();
    const r = redactCall(c, builtInRules());
    expect(r.residual).toEqual([]);
    const json = JSON.stringify(r.call);
    expect(countLeaks(json, ['4111111111111111', '123456789'])).toBe(0);
    expect(json).not.toMatch(/four one one one/);
    const t2 = r.call.turns[2]!;
    expect(t2.caller!.text).toBe('sure it is [redacted-card-number]');
    expect(t2.referenceText).toBe('Sure, it is [redacted-card-number].');
    expect(t2.caller!.words.map((w) => w.text)).toEqual(['sure', 'it', 'is', '[redacted-card-number]']);
    expect(t2.caller!.words[3]).toMatchObject({ startMs: 8900, endMs: 8000 + 19 * 300 - 20, confidence: null });
    expect(t2.toolCalls[0]!.arguments).toEqual({ cardNumber: '[redacted-card-or-identity-number]' });
    expect(r.call.spans[0]!.attributes).toEqual({ 'llm.input': 'user: sure it is [redacted-card-or-identity-number]', model: 'm' });
    expect(r.call.metadata).toEqual({ crm: { last: '[redacted-card-or-identity-number]' } });
    expect(r.call.turns[3]!.caller!.text).toBe('[redacted-social-security-number]');
    expect(r.call.turns[3]!.agent!.text).toBe('Thanks. I have [redacted-card-data], right?');
    // The input is untouched.
    expect(c.turns[2]!.caller!.text).toContain('4111');
  });

  it('plans audio per speaker: word times where known, the whole utterance otherwise, with padding', () => {
    const r = redactCall(paymentCall(), builtInRules(), { paddingMs: 100 });
    const caller = mergedAudioSpans(r.plan, 'caller');
    expect(caller[0]).toEqual({ startMs: 8900 - 100, endMs: 8000 + 19 * 300 - 20 + 100 });
    expect(caller).toContainEqual({ startMs: 16000 - 100, endMs: 18000 + 100 });
    expect(r.plan.audio.find((a) => a.category === 'phi.ssn')?.precision).toBe('utterance');
    expect(r.plan.unlocated.filter((u) => u.speaker === 'agent')).toHaveLength(1);
  });

  it('only the categories asked for', () => {
    const r = redactCall(paymentCall(), builtInRules(), { categories: ['phi.ssn'] });
    const json = JSON.stringify(r.call);
    expect(json).toContain('4111');
    expect(countLeaks(json, ['123456789'])).toBe(0);
  });

  it('keeps what a reviewer dismissed', () => {
    const c = call([{ caller: 'hi', agent: 'Your SSN?' }, { caller: 'one two three four five six seven eight nine', agent: 'ok' }]);
    const [hit] = scanCall(c, builtInRules());
    const r = redactCall(c, builtInRules(), { keepFingerprints: new Set([hit!.fingerprint]) });
    expect(r.call.turns[2]!.caller!.text).toBe('one two three four five six seven eight nine');
    const stored: ComplianceHit = { ...hit!, id: 1, callId: c.id, scanId: 1, status: 'dismissed', reason: 'test number', reviewer: 'qa', decidedAt: 'now' };
    expect(redactedView(c, [stored]).turns[2]!.caller!.text).toContain('one two three');
    expect(redactedView(c, [{ ...stored, status: 'confirmed' }]).turns[2]!.caller!.text).toBe('[redacted-social-security-number]');
  });

  it('merges adjacent secrets into one label and leaves the rest of the text alone', () => {
    const hits = scanCall(call([{ caller: 'hi', agent: 'card number, expiry and code please' }, { caller: 'ok 4111 1111 1111 1111, expires 04/27, code 123. thanks!', agent: 'ok' }]), builtInRules());
    const out = applyRedaction(call([{ caller: 'hi', agent: 'card number, expiry and code please' }, { caller: 'ok 4111 1111 1111 1111, expires 04/27, code 123. thanks!', agent: 'ok' }]), planRedaction(hits));
    expect(out.turns[2]!.caller!.text).toBe('ok [redacted-card-number], expires [redacted-expiry-date], code [redacted-security-code]. thanks!');
  });
});

describe('leak sweep', () => {
  it('finds a secret written with separators, ignores other numbers, never says which', () => {
    expect(countLeaks('a 4111-1111 1111.1111 b', ['4111111111111111'])).toBe(1);
    expect(countLeaks('"startMs": 411111, "x": 1111', ['4111111111111111'])).toBe(0);
    expect(countLeaks('member xjh-123-456', ['XJH123456'])).toBe(1);
  });

  it('sweeps only secrets long enough not to collide with times and ids', () => {
    const r = redactCall(paymentCall(), builtInRules());
    expect(sweepableSecrets(r.plan).sort()).toEqual(['123456789', '4111111111111111']);
  });
});

describe('review helpers for the UI', () => {
  it('lists one hit per finding, counts them, and puts them on the timeline', async () => {
    const { hitCounts, listedHits, toTimelineFlag } = await import('../../../shared/compliance/review');
    const c = paymentCall();
    const drafts = scanCall(c, builtInRules());
    const stored: ComplianceHit[] = drafts.map((d, i) => ({ ...d, id: i + 1, callId: c.id, scanId: 1, status: d.category === 'phi.ssn' ? 'dismissed' : 'open', reason: null, reviewer: null, decidedAt: null }));
    const listed = listedHits(stored);
    expect(listed.length).toBeLessThan(stored.length);
    const counts = hitCounts(stored);
    expect(counts.byStatus.dismissed).toBe(1);
    expect(counts.byCategory['pci.pan']).toBe(1);
    const flag = toTimelineFlag(listed.find((h) => h.category === 'phi.ssn')!);
    expect([flag.kind, flag.severity, flag.source]).toEqual(['compliance.phi.ssn', 'info', 'compliance']);
  });
});
