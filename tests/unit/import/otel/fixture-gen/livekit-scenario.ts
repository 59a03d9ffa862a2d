import { Dbl, type GenSpan, type GenTrace, hexId, type V } from './encode';

/**
 * A LiveKit Agents session as its tracing writes it (formats.md §3.1–3.3): user_turn and agent_turn are
 * siblings under agent_session; a reply that ran a tool is followed by a second agent_turn whose
 * lk.parent_generation_id names the first. Two attribute vintages: before 1.7 (lk.user_transcript,
 * lk.response.text, lk.input_text …) and 1.7 (lk.pii.*). In the 1.7 session one llm_node lacks
 * lk.response.ttft (so the reader must fall back to lk.llm_metrics) and one user turn gets no reply.
 */

export type LiveKitVersion = '1.2' | '1.7';

interface Reply {
  start: number;
  text: string;
  llm: { start: number; end: number; ttft: number; omitTtft?: boolean };
  tool?: { id: string; name: string; args: Record<string, V>; output: string; isError: boolean; start: number; end: number };
  tts?: { start: number; end: number; ttfb: number };
  speaking?: { start: number; end: number };
  /** Reports lk.e2e_latency: user stopped speaking → this reply's playout started. */
  e2e?: boolean;
}

interface Exchange {
  user?: { text: string; start: number; speechEnd: number; eot: number; transcriptionDelay: number; confidence: number };
  replies: Reply[];
}

export function liveKitScript(version: LiveKitVersion): Exchange[] {
  const ex: Exchange[] = [
    { replies: [{ start: 0.1, text: "Hi, you've reached Bright Smile Dental. How can I help you today?", llm: { start: 0.12, end: 0.8, ttft: 0.35 }, tts: { start: 0.5, end: 1.6, ttfb: 0.21 }, speaking: { start: 0.75, end: 4.1 } }] },
    { user: { text: "I'd like to book a cleaning next week.", start: 4.9, speechEnd: 6.4, eot: 0.55, transcriptionDelay: 0.21, confidence: 0.93 },
      replies: [
        { start: 6.96, text: '', llm: { start: 6.97, end: 7.62, ttft: 0.42 }, tool: { id: 'call_av81', name: 'check_availability', args: { week: 'next', service: 'cleaning' }, output: '["Tue 10:00", "Wed 14:00"]', isError: false, start: 7.63, end: 8.2 } },
        { start: 8.22, text: 'I have Tuesday at 10 AM or Wednesday at 2 PM. Which works for you?', llm: { start: 8.23, end: 8.95, ttft: 0.38 }, tts: { start: 8.65, end: 9.4, ttfb: 0.2 }, speaking: { start: 8.87, end: 11.9 }, e2e: true },
      ] },
    { user: { text: 'Tuesday at ten, please.', start: 12.8, speechEnd: 14.1, eot: 0.48, transcriptionDelay: 0.19, confidence: 0.88 },
      replies: [
        { start: 14.59, text: '', llm: { start: 14.6, end: 15.2, ttft: 0.4 }, tool: { id: 'call_bk22', name: 'book_appointment', args: { slot: 'Tue 10:00' }, output: 'slot no longer available', isError: true, start: 15.21, end: 15.9 } },
        { start: 15.92, text: 'Sorry, Tuesday at 10 was just taken. Wednesday at 2 PM is still open. Shall I book that?', llm: { start: 15.93, end: 16.7, ttft: 0.36, omitTtft: version === '1.7' }, tts: { start: 16.32, end: 17.1, ttfb: 0.19 }, speaking: { start: 16.53, end: 20.3 }, e2e: true },
      ] },
    { user: { text: 'Okay, Wednesday at two works.', start: 24.0, speechEnd: 25.6, eot: 0.5, transcriptionDelay: 0.2, confidence: 0.91 },
      replies: [
        { start: 26.11, text: '', llm: { start: 26.12, end: 26.7, ttft: 0.37 }, tool: { id: 'call_bk23', name: 'book_appointment', args: { slot: 'Wed 14:00' }, output: '{"confirmation": "BSD-4471"}', isError: false, start: 26.71, end: 27.3 } },
        { start: 27.31, text: "You're booked for Wednesday at 2 PM. Your confirmation is BSD-4471. Anything else?", llm: { start: 27.32, end: 28.0, ttft: 0.33 }, tts: { start: 27.68, end: 28.4, ttfb: 0.18 }, speaking: { start: 27.88, end: 31.5 }, e2e: true },
      ] },
    { user: { text: "No, that's it. Bye!", start: 32.3, speechEnd: 33.1, eot: 0.45, transcriptionDelay: 0.18, confidence: 0.95 },
      replies: [{ start: 33.56, text: 'Thanks for calling. Goodbye!', llm: { start: 33.57, end: 34.1, ttft: 0.31 }, tts: { start: 33.9, end: 34.5, ttfb: 0.17 }, speaking: { start: 34.09, end: 35.6 }, e2e: true }] },
  ];
  if (version === '1.7') {
    ex.splice(3, 0, { user: { text: 'Hmm, one second.', start: 21.0, speechEnd: 21.8, eot: 0.6, transcriptionDelay: 0.2, confidence: 0.74 }, replies: [] });
  }
  return ex;
}

export function liveKitTrace(version: LiveKitVersion, seed: string, jobId: string): GenTrace {
  const pii = version === '1.7';
  const k = (name: string): string => (pii ? `lk.pii.${name}` : `lk.${name}`);
  const traceId = hexId(`${seed}/trace`, 16);
  let n = 0;
  const spans: GenSpan[] = [];
  const add = (name: string, parentId: string | null, start: number, end: number, attrs: Record<string, V>, extra: Partial<GenSpan> = {}): GenSpan => {
    const s: GenSpan = { traceId, spanId: hexId(`${seed}/${n++}`, 8), parentId, name, scope: 'livekit-agents', start, end, attrs, ...extra };
    spans.push(s);
    return s;
  };
  const session = add('agent_session', null, 0, 36.0, { 'lk.agent_label': 'receptionist', 'lk.job_id': jobId, 'lk.agent_name': 'dental-receptionist', [k('room_name')]: 'call-+15550101-x81', 'app.version': '0.9.4' });
  add('start_agent_activity', session.spanId, 0.01, 0.05, {});
  add('on_enter', session.spanId, 0.05, 0.09, {});
  const history: string[] = [];
  let gen = 0;
  for (const e of liveKitScript(version)) {
    if (e.user) {
      const u = e.user;
      add('user_speaking', session.spanId, u.start, u.speechEnd, {});
      const ut = add('user_turn', session.spanId, u.start, u.speechEnd + u.eot, {
        [k('user_transcript')]: u.text, 'lk.transcript_confidence': new Dbl(u.confidence), 'lk.transcription_delay': new Dbl(u.transcriptionDelay),
        'lk.end_of_turn_delay': new Dbl(u.eot), 'gen_ai.request.model': 'nova-3', 'gen_ai.provider.name': 'deepgram',
        'lk.participant_id': 'PA_caller1', [k('participant_identity')]: 'sip_+15550101', 'lk.participant_kind': 'SIP',
      });
      history.push(`user: ${u.text}`);
      add('eou_detection', ut.spanId, u.speechEnd + 0.02, u.speechEnd + u.eot - 0.01, {
        [k('chat_ctx')]: JSON.stringify(history), 'lk.eou.probability': new Dbl(0.87), 'lk.eou.unlikely_threshold': new Dbl(0.15),
        'lk.eou.endpointing_delay': new Dbl(0.5), 'lk.eou.language': 'en', 'lk.eou.source': 'turn_detector', 'lk.eou.from_cache': false, 'lk.eou.detection_delay': new Dbl(0.04),
      });
    }
    let parentGen: string | null = null;
    for (const r of e.replies) {
      const genId = `gen_${seed.slice(0, 4)}${++gen}`;
      const end = Math.max(r.speaking?.end ?? 0, r.tool?.end ?? 0, r.tts?.end ?? 0, r.llm.end) + 0.01;
      const at = add('agent_turn', session.spanId, r.start, end, {
        'lk.generation_id': genId, ...(parentGen ? { 'lk.parent_generation_id': parentGen } : {}), 'lk.speech_id': `speech_${gen}`,
        ...(e.user ? { [k('user_input')]: e.user.text } : {}), ...(pii ? { 'lk.pii.instructions': 'You are the receptionist of Bright Smile Dental.' } : {}),
        'lk.interrupted': false, ...(r.e2e && e.user && r.speaking ? { 'lk.e2e_latency': new Dbl(Math.round((r.speaking.start - e.user.speechEnd) * 1000) / 1000) } : {}),
        ...(pii && r.text ? { 'lk.pii.response.text': r.text } : {}),
      });
      const call = r.tool ? JSON.stringify([{ id: r.tool.id, name: r.tool.name, arguments: JSON.stringify(r.tool.args) }]) : null;
      const node = add('llm_node', at.spanId, r.llm.start, r.llm.end, {
        [k('chat_ctx')]: JSON.stringify(history), 'lk.function_tools': ['check_availability', 'book_appointment'], 'gen_ai.request.model': 'gpt-4.1-mini', 'gen_ai.provider.name': 'openai',
        [k('response.text')]: r.text, ...(call && pii ? { 'lk.pii.response.function_calls': call } : {}),
        ...(r.llm.omitTtft ? {} : { 'lk.response.ttft': new Dbl(r.llm.ttft) }),
      });
      const req = add('llm_request', node.spanId, r.llm.start + 0.002, r.llm.end - 0.002, {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1-mini',
        'gen_ai.usage.input_tokens': 640 + history.length * 40, 'gen_ai.usage.cache_read.input_tokens': 512, 'gen_ai.usage.output_tokens': r.text ? 24 : 18,
        'lk.llm_metrics': JSON.stringify({ type: 'llm_metrics', label: 'openai.LLM', request_id: `req_${genId}`, timestamp: 1755800000 + r.llm.end, duration: Math.round((r.llm.end - r.llm.start) * 1000) / 1000, ttft: r.llm.ttft, cancelled: false, completion_tokens: r.text ? 24 : 18, prompt_tokens: 640, prompt_cached_tokens: 512, total_tokens: 664, tokens_per_second: 41.2, speech_id: `speech_${gen}` }),
      }, { kind: 3, events: [
        { name: 'gen_ai.system.message', t: r.llm.start + 0.002, attrs: { content: 'You are the receptionist of Bright Smile Dental.' } },
        ...(e.user ? [{ name: 'gen_ai.user.message', t: r.llm.start + 0.002, attrs: { content: e.user.text } }] : []),
        { name: 'gen_ai.choice', t: r.llm.end - 0.003, attrs: { index: 0, content: r.text, ...(call ? { tool_calls: call } : {}) } },
      ] });
      add('llm_request_run', req.spanId, r.llm.start + 0.003, r.llm.end - 0.003, { 'lk.retry_count': 0, 'lk.provider_request_ids': [`req_${genId}`] }, { kind: 3 });
      if (r.tool) {
        const t = r.tool;
        add('function_tool', at.spanId, t.start, t.end, {
          'lk.function_tool.id': t.id, 'lk.function_tool.name': t.name, [k('function_tool.arguments')]: JSON.stringify(t.args),
          [k('function_tool.output')]: t.output, 'lk.function_tool.is_error': t.isError,
        }, t.isError ? { status: { code: 2, message: t.output } } : {});
        history.push(`tool ${t.name}: ${t.output}`);
      }
      if (r.tts) {
        const ttsNode = add('tts_node', at.spanId, r.tts.start, r.tts.end, { 'gen_ai.request.model': 'sonic-2', 'gen_ai.provider.name': 'cartesia', 'lk.response.ttfb': new Dbl(r.tts.ttfb) });
        const treq = add('tts_request', ttsNode.spanId, r.tts.start + 0.005, r.tts.end - 0.005, {
          [k('input_text')]: r.text, 'lk.tts.streaming': true, 'lk.tts.label': 'cartesia.TTS', 'lk.retry_count': 0,
          'lk.tts_metrics': JSON.stringify({ type: 'tts_metrics', label: 'cartesia.TTS', ttfb: r.tts.ttfb, duration: Math.round((r.tts.end - r.tts.start) * 1000) / 1000, audio_duration: 3.1, cancelled: false, characters_count: r.text.length, streamed: true, speech_id: `speech_${gen}` }),
        }, { kind: 3 });
        add('tts_request_run', treq.spanId, r.tts.start + 0.006, r.tts.end - 0.006, { 'lk.retry_count': 0 }, { kind: 3 });
      }
      if (r.speaking) add('agent_speaking', at.spanId, r.speaking.start, r.speaking.end, {});
      if (r.text) history.push(`assistant: ${r.text}`);
      parentGen = r.tool ? genId : null;
    }
  }
  return {
    t0: 1755800000,
    resource: { 'service.name': 'livekit-agents', 'lk.agent_name': 'dental-receptionist', 'telemetry.sdk.language': 'python', 'telemetry.sdk.version': '1.36.0' },
    spans,
  };
}
