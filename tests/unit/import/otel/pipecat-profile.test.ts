import { describe, expect, it } from 'vitest';
import { otlpJsonAdapter } from '../../../../electron/main/import/formats/otel/otel-adapters';
import { deriveToolCalls, toolMentions } from '../../../../electron/main/import/formats/otel/pipecat-tools';
import { Dbl, tracesData } from './fixture-gen/encode';
import { pipecatTrace, rescheduleCall } from './fixture-gen/pipecat-scenario';
import { fixture, jsonFile, messages, only, readCalls, turnView } from './helpers';

describe('Pipecat profile, 1.7 attributes', () => {
  const call = only(otlpJsonAdapter, [fixture('pipecat/otlp-1.7-reschedule.json')]);

  it('maps conversation → turns with caller and agent text, greeting first', () => {
    expect(call.externalId).toBe('conv-7f3a2c');
    expect(call.agent).toEqual({ name: 'dental-bot', version: '2.3.1' });
    expect(turnView(call)).toEqual([
      { caller: null, agent: 'Thanks for calling Bright Smile Dental, this is Ava. How can I help?', e2e: null, tools: [] },
      { caller: 'Hi, I need to move my appointment on Thursday.', agent: 'I found your Thursday appointment at 3 PM with Dr. Lee. What day would work better?', e2e: 1970, tools: ['lookup_appointment'] },
      { caller: 'Friday morning if you have anything.', agent: 'I have 9:30 or 11 on Friday. Which one?', e2e: 1940, tools: ['find_slots'] },
      { caller: 'Nine thirty works.', agent: "Done! You're booked for Friday at 9:30 with Dr. Lee. Is there anything else", e2e: 2390, tools: ['reschedule_appointment'] },
      { caller: "No, that's all. Thanks!", agent: "You're welcome! See you Friday. Goodbye!", e2e: 720, tools: [] },
    ]);
  });

  it('turns seconds into milliseconds: stage ttfbs, user-bot latency, overhead, utterance times', () => {
    const t = call.turns[1]!;
    expect(t.timings).toEqual({ sttMs: 210, llmMs: 710, ttsMs: 180, overheadMs: 870, endToEndMs: 1970, timeToFirstWordMs: 1970 });
    // stt span back-dated to speech start (4.2 s), ends at the final transcript (6.11 + 0.21 s).
    expect(t.caller).toMatchObject({ startMs: 4200, endMs: 6320, words: [] });
    // first tts start 7.9 s + ttfb 0.18 s.
    expect(t.agent).toMatchObject({ startMs: 8080, endMs: 9100 });
    expect(call.turns[0]!.timings).toEqual({ sttMs: null, llmMs: 310, ttsMs: 190, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null });
  });

  it('derives tool calls from the next llm span input: ids, parsed args and results, gap as latency', () => {
    expect(call.turns[1]!.toolCalls).toEqual([{
      id: 'call_Lk2rQ8', name: 'lookup_appointment', arguments: { day: 'thursday' },
      result: { appointment_id: 'apt_311', time: '2025-08-28T15:00:00', provider: 'Dr. Lee' }, startMs: 6980, endMs: 7520,
    }]);
    expect(call.turns[2]!.toolCalls[0]).toMatchObject({ id: 'call_9Wd1xZ', arguments: { day: 'friday', part_of_day: 'morning' }, result: ['09:30', '11:00'] });
  });

  it('keeps every span with its kind, turn and attributes, and says what was present, derived and missing', () => {
    expect(call.spans.filter((s) => s.kind === 'turn')).toHaveLength(5);
    const tts = call.spans.filter((s) => s.kind === 'tts');
    expect(tts.map((s) => s.turnIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(tts[3]!.attributes['tts.interrupted']).toBe(true);
    expect(call.spans.find((s) => s.name === 'conversation')).toMatchObject({ kind: 'other', turnIndex: null, startMs: 0, endMs: 41500 });
    const notes = messages(call);
    expect(notes).toEqual(expect.arrayContaining([
      'no word timings or confidences: Pipecat traces carry none (attach ASR JSON for them)',
      'ttfb read from metrics.ttfb (seconds, Pipecat 0.0.69+) on 17 spans',
      'provider attribute gen_ai.provider.name (Pipecat 0.0.107+ names)',
      'end-to-end latency for 4 of 5 turns from turn.user_bot_latency_seconds (Pipecat 0.0.102+), also used as time to first word',
      "3 tool calls derived from the next llm span's input; tool time = gap between the two llm spans",
    ]));
    expect(messages(call, 'warning')).toEqual([]);
    expect(call.metadata).toMatchObject({ providers: { stt: 'deepgram', llm: 'openai', tts: 'cartesia' }, usage: { inputTokens: 1991, outputTokens: 169 } });
  });
});

describe('Pipecat profile, older versions', () => {
  it('0.0.68: ttfb_ms in milliseconds, gen_ai.system, per-transcript stt spans, no user-bot latency', () => {
    const call = only(otlpJsonAdapter, [fixture('pipecat/otlp-0.0.68-reschedule.json')]);
    const modern = only(otlpJsonAdapter, [fixture('pipecat/otlp-1.7-reschedule.json')]);
    expect(turnView(call).map((t) => [t.caller, t.agent, t.tools])).toEqual(turnView(modern).map((t) => [t.caller, t.agent, t.tools]));
    expect(call.turns[1]!.timings).toEqual({ sttMs: 210, llmMs: 710, ttsMs: 180, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null });
    // Interim transcripts ignored; the turn start stands for the caller's start.
    expect(call.turns[1]!.caller).toMatchObject({ startMs: 4200, endMs: 6321 });
    const notes = messages(call);
    expect(notes).toContain('ttfb read from metrics.ttfb_ms (milliseconds, Pipecat 0.0.68) on 17 spans');
    expect(notes).toContain('provider attribute gen_ai.system (Pipecat 0.0.106 or older names)');
    expect(notes).toContain('no turn.user_bot_latency_seconds (Pipecat before 0.0.102): end-to-end latency missing');
    expect(notes.some((m) => /Pipecat before 1\.2/.test(m))).toBe(true);
    expect(call.spans.filter((s) => s.kind === 'tts').length).toBeGreaterThan(5);
  });

  it('0.0.104 Collector traces: provider renames applied, old cache-token key summed', () => {
    const { calls } = readCalls(otlpJsonAdapter, [fixture('pipecat/collector/traces.jsonl'), fixture('pipecat/collector/traces-2025-08-21T16-53-40.512.jsonl')]);
    const hours = calls.get('conv-e95c3b')!;
    expect(hours.metadata).toMatchObject({ providers: { llm: 'azure.ai.openai' }, usage: { cacheReadInputTokens: 0 } });
    expect(hours.turns[1]!.timings.endToEndMs).toBe(820);
  });

  it('before 1.2 without user-bot latency, and from 1.2 derives time to first word from the spans', () => {
    const trace = pipecatTrace(rescheduleCall('1.7', 'no-latency', 'conv-no-latency'));
    for (const s of trace.spans) delete s.attrs['turn.user_bot_latency_seconds'];
    const call = only(otlpJsonAdapter, [jsonFile('x.json', tracesData(trace, trace.spans))]);
    expect(call.turns[1]!.timings).toMatchObject({ endToEndMs: null, timeToFirstWordMs: 1760 });
    expect(messages(call)).toContain('time to first word derived for 4 turns as first TTS start + ttfb − final transcript end');
  });
});

describe('Pipecat anomalies become warnings, not crashes', () => {
  it('lost turn, spans outside any turn, negative duration', () => {
    const call = only(otlpJsonAdapter, [fixture('pipecat/otlp-anomalies.json')]);
    expect(call.turns).toHaveLength(4);
    const warnings = messages(call, 'warning');
    expect(warnings).toContain('turns lost: turn.number 3 missing from the trace');
    expect(warnings.some((m) => m.startsWith('4 stt/llm/tts spans outside any turn span') && m.includes('stt at 13.90 s → turn 1'))).toBe(true);
    expect(warnings).toContain('1 spans end before they start (negative duration): tts at 33.90 s');
    // The orphaned reply is kept with the turn whose window holds it.
    expect(call.turns[1]!.caller?.text).toBe('Hi, I need to move my appointment on Thursday. Friday morning if you have anything.');
    expect(call.turns[1]!.toolCalls.map((t) => t.name)).toEqual(['lookup_appointment', 'find_slots']);
  });

  it('concurrent conversations in one trace are split into separate calls with a warning', () => {
    const { calls, failed } = readCalls(otlpJsonAdapter, [fixture('pipecat/otlp-mixed-conversations.json')]);
    expect(failed).toEqual([]);
    expect([...calls.keys()].sort()).toEqual(['conv-mix-a', 'conv-mix-b']);
    expect(calls.get('conv-mix-a')!.turns).toHaveLength(5);
    expect(calls.get('conv-mix-b')!.turns).toHaveLength(3);
    for (const c of calls.values()) expect(messages(c, 'warning').some((m) => /holds 2 conversation spans .*split into separate calls/.test(m))).toBe(true);
  });

  it('a turn of another conversation hanging inside this one is reported', () => {
    const trace = pipecatTrace(rescheduleCall('1.7', 'leak', 'conv-leak'));
    trace.spans.find((s) => s.name === 'turn' && s.attrs['turn.number'] === 2)!.attrs['conversation.id'] = 'conv-other';
    const call = only(otlpJsonAdapter, [jsonFile('leak.json', tracesData(trace, trace.spans))]);
    expect(messages(call, 'warning')).toContain('spans of other conversations (conv-other) inside conversation conv-leak: concurrent calls mixed (pipecat#2202 class)');
  });

  it('a negative user-bot latency and a missing conversation span are warnings', () => {
    const trace = pipecatTrace(rescheduleCall('1.7', 'neg', 'conv-neg'));
    trace.spans.find((s) => s.name === 'turn' && s.attrs['turn.number'] === 2)!.attrs['turn.user_bot_latency_seconds'] = new Dbl(-0.4);
    const call = only(otlpJsonAdapter, [jsonFile('neg.json', tracesData(trace, trace.spans.filter((s) => s.name !== 'conversation')))]);
    expect(call.externalId).toBe('conv-neg');
    const warnings = messages(call, 'warning');
    expect(warnings).toContain('turn 1: negative turn.user_bot_latency_seconds (-400 ms)');
    expect(warnings).toContain('no conversation span (export cut short?): call bounds taken from the turns');
    expect(warnings.some((m) => /name a parent that is not in the trace/.test(m))).toBe(true);
  });
});

describe('tool calls from provider message formats', () => {
  it('reads Anthropic tool_use / tool_result blocks', () => {
    const m = toolMentions([
      { role: 'user', content: 'book me' },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }, { type: 'tool_use', id: 'toolu_1', name: 'book', input: { day: 'fri' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '{"ok":true}' }] }] },
    ]);
    expect(m.calls).toEqual([{ id: 'toolu_1', name: 'book', arguments: { day: 'fri' } }]);
    expect(m.resultsById.get('toolu_1')).toEqual({ ok: true });
  });

  it('reads Gemini functionCall / functionResponse parts without ids, matching results by name', () => {
    const input = JSON.stringify([
      { role: 'user', parts: [{ text: 'hours?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_hours', args: { day: 'sat' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_hours', response: { open: '8-13' } } }] },
    ]);
    const steps = [
      { turnIndex: 1, startMs: 100, endMs: 400, input: JSON.stringify([{ role: 'user', parts: [{ text: 'hours?' }] }]), output: '' },
      { turnIndex: 1, startMs: 900, endMs: 1300, input, output: 'We open at 8.' },
    ];
    const derived = deriveToolCalls(steps);
    expect(derived.calls).toEqual([{ turnIndex: 1, call: { id: null, name: 'get_hours', arguments: { day: 'sat' }, result: { open: '8-13' }, startMs: 400, endMs: 900 } }]);
    expect(derived.trailingCall).toBe(false);
  });

  it('reads Bedrock toolUse blocks; history present in the first input is not a new call', () => {
    const history = [{ role: 'assistant', content: [{ toolUse: { toolUseId: 'tu_0', name: 'old', input: {} } }] }];
    const later = [...history, { role: 'assistant', content: [{ toolUse: { toolUseId: 'tu_1', name: 'lookup', input: { id: 7 } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tu_1', content: [{ json: { found: true } }] } }] }];
    const derived = deriveToolCalls([
      { turnIndex: 0, startMs: 0, endMs: 10, input: JSON.stringify(history), output: '' },
      { turnIndex: 0, startMs: 50, endMs: 90, input: JSON.stringify(later), output: '' },
    ]);
    expect(derived.calls.map((c) => [c.call.name, c.call.result])).toEqual([['lookup', { found: true }]]);
    expect(derived.trailingCall).toBe(true);
  });
});
