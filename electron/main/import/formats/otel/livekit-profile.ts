import type { SpanKind, StageTimings, ToolCall, Turn, Utterance } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import { bool, CallSpans, guessKind, listNames, num, parseMaybeJson, secondsToMs, str, toModelSpan } from './call-spans';
import { isRecord, type OtelSpan } from './otel-span';
import { agentIdentity, type ProfileOutput, resourceMetadata } from './profile';

/**
 * LiveKit Agents tracing (formats.md §3.1–3.3, 3.5). `user_turn` and `agent_turn` are siblings under
 * `agent_session`, so turns are built by pairing them in time order: each agent reply takes the latest
 * user turn that started before it; earlier unanswered user turns become caller-only turns, replies with no
 * user turn before them (greetings) agent-only turns. A reply whose `lk.parent_generation_id` names an earlier
 * reply (the answer after a tool ran) joins that reply's turn. Decisions the spec leaves open:
 * - caller end = user_turn end − `lk.end_of_turn_delay` (user_turn ends when the turn is committed);
 * - agent start/end = the turn's `agent_speaking` spans (playout), else its agent_turn spans;
 * - sttMs = `lk.end_of_turn_delay` (the spec's overhead formula uses it as the STT/endpointing stage);
 * - llmMs = summed `lk.response.ttft` of the llm_node spans before the first playout, ttsMs = first ttfb;
 * - a failed tool's result is stored as {"error": output}.
 * Content keys are read under both names: 1.7's `lk.pii.*` and the older plain `lk.*`.
 */

const USER_TEXT = ['lk.pii.user_transcript', 'lk.user_transcript'];
const RESPONSE_TEXT = ['lk.pii.response.text', 'lk.response.text'];
const TTS_TEXT = ['lk.pii.input_text', 'lk.input_text'];
const LEGACY_KEYS = ['lk.user_transcript', 'lk.user_input', 'lk.chat_ctx', 'lk.response.text', 'lk.input_text', 'lk.function_tool.arguments'];
/** Spans that belong to a turn's content; session-level spans (activity, amd) stay outside turns. */
const TURN_CONTENT = new Set(['user_speaking', 'eou_detection', 'llm_node', 'llm_request', 'llm_request_run', 'llm_fallback_adapter',
  'tts_node', 'tts_request', 'tts_request_run', 'tts_fallback_adapter', 'tts_stream_adapter', 'function_tool', 'agent_speaking']);
const REPLY_PARTS = new Set(['llm_node', 'tts_node', 'function_tool', 'agent_speaking']);

const isTurnSpan = (s: OtelSpan): boolean => s.name === 'user_turn' || s.name === 'agent_turn';

interface Pair {
  user: OtelSpan | null;
  agents: OtelSpan[];
}

function kindOf(s: OtelSpan): SpanKind {
  if (s.name === 'user_turn' || s.name === 'agent_turn') return 'turn';
  if (s.name.startsWith('llm_')) return 'llm';
  if (s.name.startsWith('tts_')) return 'tts';
  if (s.name === 'function_tool') return 'tool';
  if (s.name === 'eou_detection' || s.name === 'user_speaking') return 'stt';
  return guessKind(s);
}

/** LLM/TTS metrics JSON attribute (`lk.llm_metrics`, `lk.tts_metrics`) field, in seconds; −1 means none. */
function metricSeconds(s: OtelSpan, key: string, field: string): number | null {
  const m = parseMaybeJson(s.attributes[key]);
  const v = isRecord(m) ? m[field] : null;
  return typeof v === 'number' && v >= 0 ? v : null;
}

function pairTurns(userTurns: OtelSpan[], agentTurns: OtelSpan[]): { pairs: Pair[]; merged: number } {
  const groups: OtelSpan[][] = [];
  const byGeneration = new Map<string, OtelSpan[]>();
  let merged = 0;
  for (const a of agentTurns) {
    const parentGen = str(a.attributes, 'lk.parent_generation_id');
    let group = parentGen ? byGeneration.get(parentGen) : undefined;
    if (group) {
      group.push(a);
      merged++;
    } else groups.push((group = [a]));
    const gen = str(a.attributes, 'lk.generation_id');
    if (gen) byGeneration.set(gen, group);
  }
  const pairs: Pair[] = [];
  let u = 0;
  for (const g of groups) {
    const pending: OtelSpan[] = [];
    while (u < userTurns.length && userTurns[u]!.startNs < g[0]!.startNs) pending.push(userTurns[u++]!);
    for (const early of pending.slice(0, -1)) pairs.push({ user: early, agents: [] });
    pairs.push({ user: pending[pending.length - 1] ?? null, agents: g });
  }
  while (u < userTurns.length) pairs.push({ user: userTurns[u++]!, agents: [] });
  return { pairs, merged };
}

export function mapLiveKit(cs: CallSpans, notes: ImportNote[]): ProfileOutput {
  const session = cs.spans.find((s) => s.name === 'agent_session') ?? null;
  const userTurns = cs.spans.filter((s) => s.name === 'user_turn');
  const agentTurns = cs.spans.filter((s) => s.name === 'agent_turn');
  const { pairs, merged } = pairTurns(userTurns, agentTurns);

  const spanTurn = new Map<OtelSpan, number | null>();
  pairs.forEach((p, i) => {
    if (p.user) spanTurn.set(p.user, i);
    for (const a of p.agents) spanTurn.set(a, i);
  });
  const starts = pairs.map((p) => (p.user ?? p.agents[0]!).startNs);
  const outside: string[] = [];
  for (const s of cs.spans) {
    if (spanTurn.has(s)) continue;
    const t = cs.ancestor(s, isTurnSpan);
    if (t) spanTurn.set(s, spanTurn.get(t) ?? null);
    else if (TURN_CONTENT.has(s.name) && pairs.length > 0) {
      let idx = 0;
      starts.forEach((st, i) => (st <= s.startNs ? (idx = i) : undefined));
      spanTurn.set(s, idx);
      if (REPLY_PARTS.has(s.name)) outside.push(`${s.name} at ${(cs.startMs(s) / 1000).toFixed(2)} s → turn ${idx}`);
    } else spanTurn.set(s, null);
  }
  if (outside.length > 0) notes.push({ level: 'warning', message: `${outside.length} reply spans outside any agent_turn, assigned by time: ${listNames(outside)}` });

  const inTurn = pairs.map(() => [] as OtelSpan[]);
  for (const s of cs.spans) {
    const i = spanTurn.get(s);
    if (i !== null && i !== undefined && !isTurnSpan(s)) inTurn[i]!.push(s);
  }
  const stats = { e2e: 0, metricsFallback: 0 };
  const turns: Turn[] = pairs.map((p, index) => buildTurn(cs, p, index, inTurn[index]!, stats));

  describe(cs, pairs, merged, stats, notes);
  const sessionAttrs = session?.attributes ?? {};
  const resource = session?.resource ?? cs.spans[0]?.resource ?? {};
  const jobId = str(sessionAttrs, 'lk.job_id') ?? cs.spans.map((s) => str(s.attributes, 'lk.job_id')).find((v) => v) ?? null;
  if (!session) notes.push({ level: 'warning', message: 'no agent_session span (export cut short?): call bounds taken from the other spans' });
  return {
    externalId: jobId,
    agent: agentIdentity({ ...resource, ...sessionAttrs }, resource, null),
    turns,
    spans: cs.spans.map((s) => toModelSpan(cs, s, kindOf(s), spanTurn.get(s) ?? null)),
    metadata: {
      jobId,
      room: str(sessionAttrs, 'lk.pii.room_name', 'lk.room_name'),
      agentLabel: str(sessionAttrs, 'lk.agent_label'),
      resource: resourceMetadata(resource),
      usage: usage(cs),
    },
    notes,
  };
}

function buildTurn(cs: CallSpans, p: Pair, index: number, spans: OtelSpan[], stats: { e2e: number; metricsFallback: number }): Turn {
  const named = (n: string): OtelSpan[] => spans.filter((s) => s.name === n);
  let caller: Utterance | null = null;
  const eot = p.user ? secondsToMs(num(p.user.attributes, 'lk.end_of_turn_delay')) : null;
  if (p.user) {
    const end = cs.endMs(p.user);
    const start = cs.startMs(p.user);
    const stopped = end !== null && eot !== null && end - eot >= start ? Math.round((end - eot) * 1000) / 1000 : end;
    caller = { text: str(p.user.attributes, ...USER_TEXT)?.trim() ?? '', startMs: start, endMs: stopped, words: [] };
  }
  const speaking = named('agent_speaking');
  let agent: Utterance | null = null;
  // Reply spans that lost their agent_turn still say what the agent said and when.
  if (p.agents.length > 0 || speaking.length > 0 || named('tts_request').length > 0) {
    const texts = p.agents.map((a) => str(a.attributes, ...RESPONSE_TEXT)).filter((t): t is string => !!t?.trim());
    const ttsTexts = named('tts_request').map((s) => str(s.attributes, ...TTS_TEXT)).filter((t): t is string => !!t?.trim());
    const llmTexts = named('llm_node').map((s) => str(s.attributes, ...RESPONSE_TEXT)).filter((t): t is string => !!t?.trim());
    const text = (texts.length > 0 ? texts : ttsTexts.length > 0 ? ttsTexts : llmTexts).map((t) => t.trim()).join(' ');
    const timed = speaking.length > 0 ? speaking : p.agents.length > 0 ? p.agents : named('tts_request');
    agent = { text, startMs: cs.startMs(timed[0]!), endMs: cs.endMs(timed[timed.length - 1]!), words: [] };
  }
  const firstPlayout = speaking[0]?.startNs ?? null;
  const llmNodes = named('llm_node').filter((s) => firstPlayout === null || s.startNs <= firstPlayout);
  const ttfts = llmNodes.map((n) => {
    const direct = num(n.attributes, 'lk.response.ttft');
    if (direct !== null) return secondsToMs(direct);
    const req = spans.find((s) => s.name === 'llm_request' && cs.ancestor(s, (x) => x === n));
    const fromMetrics = req ? metricSeconds(req, 'lk.llm_metrics', 'ttft') : null;
    if (fromMetrics !== null) stats.metricsFallback++;
    return secondsToMs(fromMetrics);
  });
  const ttsNode = named('tts_node')[0];
  let ttsMs = ttsNode ? secondsToMs(num(ttsNode.attributes, 'lk.response.ttfb')) : null;
  if (ttsMs === null) {
    const req = named('tts_request')[0];
    const fromMetrics = req ? metricSeconds(req, 'lk.tts_metrics', 'ttfb') : null;
    if (fromMetrics !== null) stats.metricsFallback++;
    ttsMs = secondsToMs(fromMetrics);
  }
  const e2eSec = p.agents.map((a) => num(a.attributes, 'lk.e2e_latency')).find((v) => v !== null) ?? null;
  const timings: StageTimings = {
    sttMs: eot,
    llmMs: ttfts.length > 0 && ttfts.every((v) => v !== null) ? Math.round(ttfts.reduce<number>((a, b) => a + b!, 0) * 1000) / 1000 : null,
    ttsMs,
    overheadMs: null,
    endToEndMs: p.user ? secondsToMs(e2eSec) : null,
    timeToFirstWordMs: p.user ? secondsToMs(e2eSec) : null,
  };
  if (timings.endToEndMs !== null) {
    stats.e2e++;
    const { sttMs, llmMs } = timings;
    if (sttMs !== null && llmMs !== null && ttsMs !== null && timings.endToEndMs - sttMs - llmMs - ttsMs >= 0) {
      timings.overheadMs = Math.round((timings.endToEndMs - sttMs - llmMs - ttsMs) * 1000) / 1000;
    }
  }
  const toolCalls: ToolCall[] = named('function_tool').map((s) => {
    const a = s.attributes;
    const output = parseMaybeJson(a['lk.pii.function_tool.output'] ?? a['lk.function_tool.output'] ?? null);
    return {
      id: str(a, 'lk.function_tool.id'),
      name: str(a, 'lk.function_tool.name') ?? s.name,
      arguments: parseMaybeJson(a['lk.pii.function_tool.arguments'] ?? a['lk.function_tool.arguments'] ?? null),
      result: bool(a, 'lk.function_tool.is_error') ? { error: output } : output,
      startMs: cs.startMs(s),
      endMs: cs.endMs(s),
    };
  });
  return { index, caller, agent, referenceText: null, intent: null, expectedIntent: null, timings, toolCalls };
}

function describe(cs: CallSpans, pairs: Pair[], merged: number, stats: { e2e: number; metricsFallback: number }, notes: ImportNote[]): void {
  const info = (message: string): void => void notes.push({ level: 'info', message });
  const callerOnly = pairs.filter((p) => p.agents.length === 0).length;
  const agentOnly = pairs.filter((p) => !p.user).length;
  const users = pairs.filter((p) => p.user).length;
  const agents = pairs.reduce((n, p) => n + p.agents.length, 0);
  info(`LiveKit Agents profile: ${users} user_turn and ${agents} agent_turn spans paired by time order into ${pairs.length} turns`
    + ` (${callerOnly} caller-only, ${agentOnly} agent-only${merged > 0 ? `, ${merged} post-tool replies joined via lk.parent_generation_id` : ''})`);
  const keys = cs.spans.flatMap((s) => Object.keys(s.attributes));
  const pii = keys.some((k) => k.startsWith('lk.pii.'));
  const legacy = keys.some((k) => LEGACY_KEYS.includes(k));
  if (pii) info('content attributes under lk.pii.* (LiveKit Agents 1.7+ names)');
  if (legacy) info('content attributes without lk.pii. (LiveKit Agents before 1.7 names)');
  if (!pii && !legacy && pairs.length > 0) {
    info('no transcript or response text keys: content redacted (LiveKit Cloud PII redaction) or not recorded; turn texts are empty');
  }
  info('no word timings or word confidences: lk.transcript_confidence is a per-turn average, kept on the user_turn span');
  info('sttMs = lk.end_of_turn_delay (user stopped speaking → turn committed); lk.transcription_delay stays on the user_turn span');
  info('caller end = user_turn end − lk.end_of_turn_delay; agent times from agent_speaking spans (playout) when present');
  info(`end-to-end latency for ${stats.e2e} of ${pairs.filter((p) => p.user && p.agents.length > 0).length} answered turns from lk.e2e_latency (also used as time to first word)`);
  if (stats.metricsFallback > 0) info(`${stats.metricsFallback} ttft/ttfb values read from lk.llm_metrics / lk.tts_metrics (node attribute absent)`);
  info('no outcome and no recording in traces (the LiveKit session report has both)');
}

function usage(cs: CallSpans): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string, v: number | null): void => {
    if (v !== null) out[k] = (out[k] ?? 0) + v;
  };
  for (const s of cs.spans) {
    if (s.name !== 'llm_request') continue;
    add('inputTokens', num(s.attributes, 'gen_ai.usage.input_tokens'));
    add('outputTokens', num(s.attributes, 'gen_ai.usage.output_tokens'));
    add('cacheReadInputTokens', num(s.attributes, 'gen_ai.usage.cache_read.input_tokens'));
  }
  return out;
}
