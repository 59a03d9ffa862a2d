import { describe, expect, it } from 'vitest';
import { otelConsoleAdapter, otlpJsonAdapter } from '../../../../electron/main/import/formats/otel/otel-adapters';
import { byEnd, consoleSpan, tracesData } from './fixture-gen/encode';
import { liveKitTrace } from './fixture-gen/livekit-scenario';
import { fixture, jsonFile, messages, only, textFile, turnView } from './helpers';

const EXPECTED_12 = [
  { caller: null, agent: "Hi, you've reached Bright Smile Dental. How can I help you today?", e2e: null, tools: [] },
  { caller: "I'd like to book a cleaning next week.", agent: 'I have Tuesday at 10 AM or Wednesday at 2 PM. Which works for you?', e2e: 2470, tools: ['check_availability'] },
  { caller: 'Tuesday at ten, please.', agent: 'Sorry, Tuesday at 10 was just taken. Wednesday at 2 PM is still open. Shall I book that?', e2e: 2430, tools: ['book_appointment'] },
  { caller: 'Okay, Wednesday at two works.', agent: "You're booked for Wednesday at 2 PM. Your confirmation is BSD-4471. Anything else?", e2e: 2280, tools: ['book_appointment'] },
  { caller: "No, that's it. Bye!", agent: 'Thanks for calling. Goodbye!', e2e: 990, tools: [] },
];

describe('LiveKit Agents profile, names before 1.7', () => {
  const call = only(otlpJsonAdapter, [fixture('livekit/otlp-1.2.json')]);

  it('pairs sibling user_turn and agent_turn spans by time and joins post-tool replies', () => {
    expect(call.externalId).toBe('AJ_7cTq2Lm');
    expect(call.sourceFormat).toBe('otlp-json:livekit');
    expect(call.agent).toEqual({ name: 'dental-receptionist', version: '0.9.4' });
    expect(turnView(call)).toEqual(EXPECTED_12);
    expect(messages(call)).toContain('LiveKit Agents profile: 4 user_turn and 8 agent_turn spans paired by time order into 5 turns (0 caller-only, 1 agent-only, 3 post-tool replies joined via lk.parent_generation_id)');
    expect(messages(call)).toContain('content attributes without lk.pii. (LiveKit Agents before 1.7 names)');
  });

  it('reads lk.* delays in seconds as milliseconds; caller end excludes the end-of-turn delay', () => {
    const t = call.turns[1]!;
    // eot 0.55 s; two llm_node ttfts before playout 0.42 + 0.38; tts ttfb 0.2; e2e 2.47.
    expect(t.timings).toEqual({ sttMs: 550, llmMs: 800, ttsMs: 200, overheadMs: 920, endToEndMs: 2470, timeToFirstWordMs: 2470 });
    expect(t.caller).toMatchObject({ startMs: 4900, endMs: 6400, words: [] });
    expect(t.agent).toMatchObject({ startMs: 8870, endMs: 11900 });
  });

  it('takes tool calls from function_tool spans, with ids, parsed arguments and errors', () => {
    expect(call.turns[1]!.toolCalls).toEqual([{ id: 'call_av81', name: 'check_availability', arguments: { week: 'next', service: 'cleaning' }, result: ['Tue 10:00', 'Wed 14:00'], startMs: 7630, endMs: 8200 }]);
    expect(call.turns[2]!.toolCalls[0]).toMatchObject({ id: 'call_bk22', result: { error: 'slot no longer available' } });
    expect(call.turns[3]!.toolCalls[0]!.result).toEqual({ confirmation: 'BSD-4471' });
  });

  it('keeps spans with kinds and turn indexes; session-level spans stay outside turns', () => {
    const byName = (n: string): number[] => call.spans.filter((s) => s.name === n).map((s) => s.turnIndex ?? -1);
    expect(byName('user_speaking')).toEqual([1, 2, 3, 4]);
    expect(byName('start_agent_activity')).toEqual([-1]);
    expect(call.spans.find((s) => s.name === 'function_tool')!.kind).toBe('tool');
    const req = call.spans.find((s) => s.name === 'llm_request')!;
    expect(req.kind).toBe('llm');
    expect(req.attributes['otel.events']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'gen_ai.choice' })]));
    expect(call.metadata).toMatchObject({ jobId: 'AJ_7cTq2Lm', room: 'call-+15550101-x81', agentLabel: 'receptionist' });
  });
});

describe('LiveKit Agents profile, 1.7 names (lk.pii.*)', () => {
  const call = only(otlpJsonAdapter, [fixture('livekit/collector-1.7.jsonl')]);

  it('reads the lk.pii. keys; an unanswered user turn becomes a caller-only turn', () => {
    expect(call.sourceFormat).toBe('otlp-jsonl:livekit');
    const view = turnView(call);
    expect(view).toHaveLength(6);
    expect(view[3]).toEqual({ caller: 'Hmm, one second.', agent: null, e2e: null, tools: [] });
    expect([...view.slice(0, 3), ...view.slice(4)]).toEqual(EXPECTED_12);
    expect(messages(call)).toContain('content attributes under lk.pii.* (LiveKit Agents 1.7+ names)');
  });

  it('falls back to lk.llm_metrics when an llm_node lacks lk.response.ttft', () => {
    expect(call.turns[2]!.timings.llmMs).toBe(760);
    expect(messages(call)).toContain('1 ttft/ttfb values read from lk.llm_metrics / lk.tts_metrics (node attribute absent)');
  });
});

describe('LiveKit Agents degraded traces', () => {
  it('redacted content (no lk.pii.* keys at all): turns and timings stay, texts empty, with a note', () => {
    const trace = liveKitTrace('1.7', 'redacted', 'AJ_redacted');
    for (const s of trace.spans) for (const k of Object.keys(s.attrs)) if (k.startsWith('lk.pii.')) delete s.attrs[k];
    const call = only(otlpJsonAdapter, [jsonFile('redacted.json', tracesData(trace, trace.spans))]);
    expect(call.turns).toHaveLength(6);
    expect(call.turns[1]!.caller?.text).toBe('');
    expect(call.turns[1]!.timings.endToEndMs).toBe(2470);
    expect(messages(call)).toContain('no transcript or response text keys: content redacted (LiveKit Cloud PII redaction) or not recorded; turn texts are empty');
  });

  it('reply spans without their agent_turn are assigned by time, with a warning', () => {
    const trace = liveKitTrace('1.2', 'orphan', 'AJ_orphan');
    const session = trace.spans.find((s) => s.name === 'agent_session')!;
    const lost = trace.spans.filter((s) => s.name === 'agent_turn')[7]!;
    const spans = trace.spans.filter((s) => s !== lost).map((s) => (s.parentId === lost.spanId ? { ...s, parentId: session.spanId } : s));
    const call = only(otlpJsonAdapter, [jsonFile('orphan.json', tracesData(trace, spans))]);
    expect(messages(call, 'warning').some((m) => /^3 reply spans outside any agent_turn, assigned by time: llm_node at 33\.57 s → turn 4/.test(m))).toBe(true);
    expect(call.turns[4]!.agent).toMatchObject({ text: 'Thanks for calling. Goodbye!', startMs: 34090, endMs: 35600 });
  });

  it('reads LiveKit spans from the console exporter as otel-console:livekit', () => {
    const trace = liveKitTrace('1.2', 'console', 'AJ_console');
    const text = byEnd(trace.spans).map((s) => consoleSpan(s, trace)).join('\n');
    const call = only(otelConsoleAdapter, [textFile('lk.log', text)]);
    expect(call.sourceFormat).toBe('otel-console:livekit');
    expect(turnView(call)).toEqual(EXPECTED_12);
  });
});
