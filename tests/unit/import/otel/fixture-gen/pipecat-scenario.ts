import { Dbl, type GenSpan, type GenTrace, hexId, type V } from './encode';

/**
 * Pipecat conversations as its tracing writes them (formats.md §2), for three versions that differ the way
 * the spec lists: 0.0.68 (metrics.ttfb_ms, gen_ai.system, `system` prompt, one stt span per transcript and
 * one tts span per sentence, no user-bot latency), 0.0.104 (metrics.ttfb in seconds, user-bot latency, still
 * the old names), 1.7 (gen_ai.provider.name, stt spans back-dated to speech start, one tts span per reply).
 */

export type PipecatVersion = '0.0.68' | '0.0.104' | '1.7';

export interface ToolScript {
  id: string;
  name: string;
  args: Record<string, V>;
  result: V;
}

export interface TurnScript {
  start: number;
  end: number;
  interrupted?: boolean;
  endedByConversationEnd?: boolean;
  user?: { text: string; speechStart: number; speechEnd: number; sttTtfb: number; interims?: string[] };
  /** Each llm inference; one with `tool` outputs nothing and its call shows up in the next inference's input. */
  llm: { start: number; end: number; ttfb: number; output: string; tool?: ToolScript; tokens: [number, number] }[];
  tts?: { start: number; end: number; ttfb: number; text: string; interrupted?: boolean };
}

export interface ConversationScript {
  version: PipecatVersion;
  seed: string;
  conversationId: string;
  t0: number;
  end: number;
  service: string;
  systemPrompt: string;
  llmProvider: string;
  extra?: Record<string, V>;
  turns: TurnScript[];
}

/** The user-bot latency Pipecat would report: user stopped speaking → first audio (tts start + ttfb). */
export const latencyOf = (t: TurnScript): number | null =>
  t.user && t.tts ? Math.round((t.tts.start + t.tts.ttfb - t.user.speechEnd) * 1000) / 1000 : null;

export function pipecatTrace(c: ConversationScript): GenTrace {
  const traceId = hexId(`${c.seed}/trace`, 16);
  let n = 0;
  const spans: GenSpan[] = [];
  const add = (name: string, scope: string, parentId: string | null, start: number, end: number, attrs: Record<string, V>): GenSpan => {
    const s: GenSpan = { traceId, spanId: hexId(`${c.seed}/${n++}`, 8), parentId, name, scope, start, end, attrs };
    spans.push(s);
    return s;
  };
  const v1 = c.version === '1.7';
  const old = c.version === '0.0.68';
  const ttfb = (s: number): Record<string, V> => (old ? { 'metrics.ttfb_ms': Math.round(s * 1000) } : { 'metrics.ttfb': new Dbl(s) });
  const provider = (p: string): Record<string, V> => (v1 ? { 'gen_ai.provider.name': p } : { 'gen_ai.system': p });
  const conv = add('conversation', 'pipecat.turn', null, 0, c.end, { 'conversation.id': c.conversationId, 'conversation.type': 'voice', ...(c.extra ?? {}) });
  const messages: Record<string, V>[] = [{ role: 'system', content: c.systemPrompt }];
  const tools = [...new Set(c.turns.flatMap((t) => t.llm.flatMap((l) => (l.tool ? [l.tool.name] : []))))];

  c.turns.forEach((t, i) => {
    const latency = latencyOf(t);
    const turn = add('turn', 'pipecat.turn', conv.spanId, t.start, t.end, {
      'turn.number': i + 1, 'turn.type': 'conversation', 'conversation.id': c.conversationId,
      'turn.duration_seconds': new Dbl(Math.round((t.end - t.start) * 1000) / 1000),
      'turn.was_interrupted': t.interrupted ?? false,
      ...(t.endedByConversationEnd ? { 'turn.ended_by_conversation_end': true } : {}),
      ...(latency !== null && !old ? { 'turn.user_bot_latency_seconds': new Dbl(latency) } : {}),
    });
    const sttBase: Record<string, V> = { ...provider('deepgram'), 'gen_ai.request.model': 'nova-3', 'gen_ai.operation.name': 'stt', language: 'en-US', user_id: '', vad_enabled: true };
    if (t.user) {
      const u = t.user;
      if (v1) {
        add('stt', 'pipecat', turn.spanId, u.speechStart, u.speechEnd + u.sttTtfb, { ...sttBase, transcript: u.text, is_final: true, ...ttfb(u.sttTtfb), 'metrics.audio_seconds': new Dbl(Math.round((u.speechEnd - u.speechStart) * 100) / 100) });
      } else {
        (u.interims ?? []).forEach((text, k, all) => {
          const at = u.speechStart + ((u.speechEnd - u.speechStart) * (k + 1)) / (all.length + 1);
          add('stt', 'pipecat', turn.spanId, at, at + 0.002, { ...sttBase, transcript: text, is_final: false });
        });
        const at = u.speechEnd + u.sttTtfb;
        add('stt', 'pipecat', turn.spanId, at, at + 0.001, { ...sttBase, transcript: u.text, is_final: true, ...ttfb(u.sttTtfb) });
      }
      messages.push({ role: 'user', content: u.text });
    }
    for (const l of t.llm) {
      const cache = v1 ? 'gen_ai.usage.cache_read.input_tokens' : 'gen_ai.usage.cache_read_input_tokens';
      add('llm', 'pipecat', turn.spanId, l.start, l.end, {
        ...provider(c.llmProvider), 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.operation.name': 'chat', 'gen_ai.output.type': 'text', stream: true,
        input: JSON.stringify(messages), output: l.output, tools: JSON.stringify(tools.map((name) => ({ type: 'function', function: { name } }))), tool_count: tools.length,
        [v1 ? 'gen_ai.system_instructions' : old ? 'system' : 'system_instructions']: c.systemPrompt,
        'gen_ai.request.temperature': new Dbl(0.6), ...ttfb(l.ttfb),
        'gen_ai.usage.input_tokens': l.tokens[0], 'gen_ai.usage.output_tokens': l.tokens[1], [cache]: 0,
      });
      if (l.tool) {
        messages.push({ role: 'assistant', content: '', tool_calls: [{ id: l.tool.id, type: 'function', function: { name: l.tool.name, arguments: JSON.stringify(l.tool.args) } }] });
        messages.push({ role: 'tool', tool_call_id: l.tool.id, content: JSON.stringify(l.tool.result) });
      } else if (l.output) messages.push({ role: 'assistant', content: l.output });
    }
    if (t.tts) {
      const tts = t.tts;
      const base: Record<string, V> = { ...provider('cartesia'), 'gen_ai.request.model': 'sonic-2', 'gen_ai.operation.name': 'tts', 'gen_ai.output.type': 'speech', voice_id: 'a0e99841-438c-4a64-b679-ae501e7d6091' };
      if (v1) {
        add('tts', 'pipecat', turn.spanId, tts.start, tts.end, { ...base, text: tts.text, 'metrics.character_count': tts.text.length, ...ttfb(tts.ttfb), ...(tts.interrupted ? { 'tts.interrupted': true } : {}) });
      } else {
        const sentences = tts.text.match(/[^.!?]+[.!?]+|[^.!?]+$/g)!.map((x) => x.trim());
        const step = (tts.end - tts.start) / sentences.length;
        sentences.forEach((text, k) => {
          add('tts', 'pipecat', turn.spanId, tts.start + k * step, tts.start + (k + 1) * step - 0.01, { ...base, text, 'metrics.character_count': text.length, ...(k === 0 ? ttfb(tts.ttfb) : {}) });
        });
      }
    }
  });
  return {
    t0: c.t0,
    resource: { 'service.name': c.service, 'service.instance.id': `${c.service}-7d9f`, 'deployment.environment': 'production', 'telemetry.sdk.language': 'python', 'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.version': '1.36.0' },
    spans,
  };
}

const PROMPT = 'You are Ava, the receptionist of Bright Smile Dental. Help callers book, move or cancel appointments. Keep answers short.';

/** The reschedule call: greeting, three tool round trips, an interruption, goodbye. */
export function rescheduleCall(version: PipecatVersion, seed: string, conversationId: string): ConversationScript {
  return {
    version, seed, conversationId, t0: 1755795200, end: 41.5, service: 'dental-bot', systemPrompt: PROMPT, llmProvider: 'openai',
    extra: { 'agent.version': '2.3.1', 'customer.tier': 'gold' },
    turns: [
      { start: 0.02, end: 4.2, llm: [{ start: 0.05, end: 0.71, ttfb: 0.31, output: 'Thanks for calling Bright Smile Dental, this is Ava. How can I help?', tokens: [96, 18] }],
        tts: { start: 0.4, end: 1.2, ttfb: 0.19, text: 'Thanks for calling Bright Smile Dental, this is Ava. How can I help?' } },
      { start: 4.2, end: 13.9,
        user: { text: 'Hi, I need to move my appointment on Thursday.', speechStart: 4.2, speechEnd: 6.11, sttTtfb: 0.21, interims: ['Hi I need', 'Hi I need to move my appointment'] },
        llm: [
          { start: 6.35, end: 6.98, ttfb: 0.38, output: '', tokens: [131, 22], tool: { id: 'call_Lk2rQ8', name: 'lookup_appointment', args: { day: 'thursday' }, result: { appointment_id: 'apt_311', time: '2025-08-28T15:00:00', provider: 'Dr. Lee' } } },
          { start: 7.52, end: 8.4, ttfb: 0.33, output: 'I found your Thursday appointment at 3 PM with Dr. Lee. What day would work better?', tokens: [201, 21] },
        ],
        tts: { start: 7.9, end: 9.1, ttfb: 0.18, text: 'I found your Thursday appointment at 3 PM with Dr. Lee. What day would work better?' } },
      { start: 13.9, end: 24.6,
        user: { text: 'Friday morning if you have anything.', speechStart: 13.9, speechEnd: 15.43, sttTtfb: 0.19, interims: ['Friday morning'] },
        llm: [
          { start: 15.65, end: 16.2, ttfb: 0.36, output: '', tokens: [236, 25], tool: { id: 'call_9Wd1xZ', name: 'find_slots', args: { day: 'friday', part_of_day: 'morning' }, result: ['09:30', '11:00'] } },
          { start: 16.85, end: 17.6, ttfb: 0.3, output: 'I have 9:30 or 11 on Friday. Which one?', tokens: [280, 14] },
        ],
        tts: { start: 17.2, end: 18.0, ttfb: 0.17, text: 'I have 9:30 or 11 on Friday. Which one?' } },
      { start: 24.6, end: 31.2, interrupted: true,
        user: { text: 'Nine thirty works.', speechStart: 24.6, speechEnd: 25.72, sttTtfb: 0.18, interims: ['Nine thirty'] },
        llm: [
          { start: 25.92, end: 26.8, ttfb: 0.35, output: '', tokens: [305, 31], tool: { id: 'call_c4Pq7M', name: 'reschedule_appointment', args: { appointment_id: 'apt_311', slot: '2025-08-29T09:30:00' }, result: { status: 'confirmed' } } },
          { start: 27.6, end: 28.7, ttfb: 0.29, output: "Done! You're booked for Friday at 9:30 with Dr. Lee. Is there anything else I can help you with today, like", tokens: [352, 27] },
        ],
        tts: { start: 27.95, end: 29.4, ttfb: 0.16, text: "Done! You're booked for Friday at 9:30 with Dr. Lee. Is there anything else", interrupted: true } },
      { start: 31.2, end: 41.4, interrupted: true, endedByConversationEnd: true,
        user: { text: "No, that's all. Thanks!", speechStart: 31.2, speechEnd: 32.2, sttTtfb: 0.2, interims: ["No that's all"] },
        llm: [{ start: 32.42, end: 33.1, ttfb: 0.31, output: "You're welcome! See you Friday. Goodbye!", tokens: [390, 11] }],
        tts: { start: 32.75, end: 33.5, ttfb: 0.17, text: "You're welcome! See you Friday. Goodbye!" } },
    ],
  };
}

/** A short second call (hours question, no tools) that runs at the same time as the first. */
export function hoursCall(version: PipecatVersion, seed: string, conversationId: string): ConversationScript {
  return {
    version, seed, conversationId, t0: 1755795200, end: 19.8, service: 'dental-bot', systemPrompt: PROMPT, llmProvider: 'az.ai.openai',
    turns: [
      { start: 3.01, end: 6.5, llm: [{ start: 3.04, end: 3.6, ttfb: 0.28, output: 'Bright Smile Dental, Ava speaking. How can I help?', tokens: [96, 13] }],
        tts: { start: 3.35, end: 4.0, ttfb: 0.2, text: 'Bright Smile Dental, Ava speaking. How can I help?' } },
      { start: 6.5, end: 13.0,
        user: { text: 'What time do you open on Saturday?', speechStart: 6.5, speechEnd: 8.02, sttTtfb: 0.22, interims: ['What time do you'] },
        llm: [{ start: 8.27, end: 8.95, ttfb: 0.34, output: "We're open from 8 to 1 on Saturdays.", tokens: [118, 12] }],
        tts: { start: 8.65, end: 9.3, ttfb: 0.19, text: "We're open from 8 to 1 on Saturdays." } },
      { start: 13.0, end: 19.7, endedByConversationEnd: true,
        user: { text: 'Great, thank you.', speechStart: 13.0, speechEnd: 13.9, sttTtfb: 0.2 },
        llm: [{ start: 14.12, end: 14.6, ttfb: 0.27, output: 'Have a nice day!', tokens: [137, 5] }],
        tts: { start: 14.42, end: 14.9, ttfb: 0.18, text: 'Have a nice day!' } },
    ],
  };
}
