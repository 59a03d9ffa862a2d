import type { SpanKind, StageTimings, ToolCall, Turn, Utterance } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import { bool, CallSpans, guessKind, listNames, num, parseMaybeJson, secondsToMs, str, toModelSpan } from './call-spans';
import type { OtelSpan } from './otel-span';
import { deriveToolCalls, type LlmStep } from './pipecat-tools';
import { agentIdentity, type ProfileOutput, resourceMetadata } from './profile';

/**
 * Pipecat tracing (formats.md §2): conversation → turn → stt / llm / tts. Decisions the spec leaves open:
 * - Turn indexes are 0-based in time order; `turn.number` stays on the turn span, and gaps become warnings.
 * - Caller text = final stt transcripts of the turn; caller end = the final transcript's span end (so it
 *   includes STT finalization lag); agent start = first tts span start + its ttfb, agent end = last tts end.
 * - end-to-end and time to first word both = `turn.user_bot_latency_seconds` (the one measure Pipecat has).
 * - llmMs = sum of the ttfb of every llm span that started before the turn's first tts (the inferences the
 *   caller waited on); tool execution time lands in overhead and on the tool call itself.
 * - stt/llm/tts spans not under a turn are assigned to the turn whose time window holds them, with a warning.
 */

const SERVICE = /^(stt|llm|tts)(\b|[_.-])/i;
const PROVIDER_RENAMES: Record<string, string> = { 'az.ai.openai': 'azure.ai.openai', xai: 'x_ai', mistral: 'mistral_ai' };

export const isPipecatTurn = (s: OtelSpan): boolean => s.name === 'turn' || (s.name.startsWith('turn') && 'turn.number' in s.attributes);

type ServiceKind = 'stt' | 'llm' | 'tts';

function serviceKind(s: OtelSpan): ServiceKind | null {
  const m = SERVICE.exec(s.name);
  return m ? (m[1]!.toLowerCase() as ServiceKind) : null;
}

/** ttfb in ms from `metrics.ttfb` (seconds, 0.0.69+) or `metrics.ttfb_ms` (0.0.68). */
function ttfbMs(s: OtelSpan): number | null {
  const sec = num(s.attributes, 'metrics.ttfb');
  return sec !== null ? secondsToMs(sec) : num(s.attributes, 'metrics.ttfb_ms');
}

export function mapPipecat(cs: CallSpans, notes: ImportNote[]): ProfileOutput {
  const conversation = cs.spans.find((s) => s.name === 'conversation') ?? null;
  const turnSpans = cs.spans.filter(isPipecatTurn);
  turnSpans.sort((a, b) => (a.startNs === b.startNs ? (num(a.attributes, 'turn.number') ?? 0) - (num(b.attributes, 'turn.number') ?? 0) : a.startNs < b.startNs ? -1 : 1));
  const turnIndexOf = new Map(turnSpans.map((t, i) => [t, i]));
  checkTurnNumbers(turnSpans, notes);
  if (turnSpans.length === 0) notes.push({ level: 'warning', message: 'Pipecat trace without turn spans (turn tracking off or lost): spans kept, no turns' });

  // Which turn each service span belongs to: its turn ancestor, else the turn whose window holds its start.
  const spanTurn = new Map<OtelSpan, number | null>();
  const outside: string[] = [];
  let afterEnd = 0;
  for (const s of cs.spans) {
    if (isPipecatTurn(s)) {
      spanTurn.set(s, turnIndexOf.get(s)!);
      continue;
    }
    const t = cs.ancestor(s, isPipecatTurn);
    if (t) {
      spanTurn.set(s, turnIndexOf.get(t)!);
      if (serviceKind(s) && t.endNs !== null && s.startNs > t.endNs + 50_000_000n) afterEnd++;
    } else if (serviceKind(s) && turnSpans.length > 0) {
      let idx = 0;
      turnSpans.forEach((ts, i) => (ts.startNs <= s.startNs ? (idx = i) : undefined));
      spanTurn.set(s, idx);
      outside.push(`${s.name} at ${(cs.startMs(s) / 1000).toFixed(2)} s → turn ${idx}`);
    } else spanTurn.set(s, null);
  }
  if (outside.length > 0) {
    notes.push({ level: 'warning', message: `${outside.length} stt/llm/tts spans outside any turn span (Pipecat turn tracking lost them), assigned by time: ${listNames(outside)}` });
  }
  if (afterEnd > 0) notes.push({ level: 'warning', message: `${afterEnd} stt/llm/tts spans start after their turn span ended (turn closed early)` });

  const grouped = turnSpans.map(() => ({ stt: [] as OtelSpan[], llm: [] as OtelSpan[], tts: [] as OtelSpan[] }));
  for (const s of cs.spans) {
    const kind = serviceKind(s);
    const idx = spanTurn.get(s);
    if (kind && idx !== null && idx !== undefined) grouped[idx]![kind].push(s);
  }
  const sttAll = cs.spans.filter((s) => serviceKind(s) === 'stt');
  const legacyStt = sttAll.some((s) => bool(s.attributes, 'is_final') === false)
    || (sttAll.length > 0 && sttAll.every((s) => s.endNs !== null && s.endNs - s.startNs < 20_000_000n));
  const stats = { latency: 0, derivedTtfw: 0, negativeOverhead: 0, interimText: 0, llmText: 0 };

  const turns: Turn[] = turnSpans.map((ts, index) => {
    const { stt, llm, tts } = grouped[index]!;
    const caller = callerUtterance(cs, ts, index, stt, llm, legacyStt, stats);
    const firstTts = tts[0] ?? null;
    const ttsTtfb = firstTts ? ttfbMs(firstTts) : null;
    const agent = agentUtterance(cs, tts, llm, ttsTtfb, stats);
    const finals = stt.filter((s) => bool(s.attributes, 'is_final') !== false && str(s.attributes, 'transcript'));
    const lastFinal = finals[finals.length - 1];
    const waitedOn = llm.filter((s) => !firstTts || s.startNs <= firstTts.startNs);
    const llmTtfbs = waitedOn.map((s) => ttfbMs(s));
    const timings: StageTimings = {
      sttMs: lastFinal ? ttfbMs(lastFinal) : null,
      llmMs: llmTtfbs.length > 0 && llmTtfbs.every((v) => v !== null) ? llmTtfbs.reduce<number>((a, b) => a + b!, 0) : null,
      ttsMs: ttsTtfb,
      overheadMs: null,
      endToEndMs: secondsToMs(num(ts.attributes, 'turn.user_bot_latency_seconds')),
      timeToFirstWordMs: null,
    };
    if (timings.endToEndMs !== null) {
      stats.latency++;
      timings.timeToFirstWordMs = timings.endToEndMs;
      if (timings.endToEndMs < 0) notes.push({ level: 'warning', message: `turn ${index}: negative turn.user_bot_latency_seconds (${timings.endToEndMs} ms)` });
      const { sttMs, llmMs, ttsMs } = timings;
      if (sttMs !== null && llmMs !== null && ttsMs !== null) {
        const rest = timings.endToEndMs - sttMs - llmMs - ttsMs;
        if (rest >= 0) timings.overheadMs = Math.round(rest * 1000) / 1000;
        else stats.negativeOverhead++;
      }
    } else if (!legacyStt && caller?.endMs != null && agent?.startMs != null && firstTts) {
      timings.timeToFirstWordMs = Math.round((agent.startMs - caller.endMs) * 1000) / 1000;
      stats.derivedTtfw++;
    }
    return { index, caller, agent, referenceText: null, intent: null, expectedIntent: null, timings, toolCalls: [] };
  });

  describe(cs, turns, legacyStt, stats, notes);
  attachToolCalls(cs, turns, spanTurn, notes);

  const spans = cs.spans.map((s) => toModelSpan(cs, s, isPipecatTurn(s) ? 'turn' : (serviceKind(s) ?? guessKind(s)), spanTurn.get(s) ?? null));
  const convAttrs = conversation?.attributes ?? {};
  const resource = conversation?.resource ?? cs.spans[0]?.resource ?? {};
  const conversationId = str(convAttrs, 'conversation.id') ?? turnSpans.map((t) => str(t.attributes, 'conversation.id')).find((v) => v) ?? null;
  if (!conversation) notes.push({ level: 'warning', message: 'no conversation span (export cut short?): call bounds taken from the turns' });
  const custom = Object.fromEntries(Object.entries(convAttrs).filter(([k]) => k !== 'conversation.id' && k !== 'conversation.type'));
  return {
    externalId: conversationId,
    agent: agentIdentity(convAttrs, resource, null),
    turns,
    spans,
    metadata: { conversationId, resource: resourceMetadata(resource), conversationAttributes: custom, ...servicesSummary(cs) },
    notes,
  };
}

function checkTurnNumbers(turnSpans: OtelSpan[], notes: ImportNote[]): void {
  const numbers = turnSpans.map((t) => num(t.attributes, 'turn.number')).filter((n): n is number => n !== null);
  const sorted = [...numbers].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let i = 1; i < sorted.length; i++) for (let n = sorted[i - 1]! + 1; n < sorted[i]! && missing.length < 1000; n++) missing.push(n);
  if (sorted.length > 0 && sorted[0]! > 1) for (let n = 1; n < sorted[0]! && missing.length < 1000; n++) missing.unshift(n);
  if (missing.length > 0) notes.push({ level: 'warning', message: `turns lost: turn.number ${listNames(missing.map(String))} missing from the trace` });
  const dupes = sorted.filter((n, i) => i > 0 && sorted[i - 1] === n);
  if (dupes.length > 0) notes.push({ level: 'warning', message: `turn.number repeated: ${listNames([...new Set(dupes)].map(String))}` });
}

function callerUtterance(cs: CallSpans, turn: OtelSpan, index: number, stt: OtelSpan[], llm: OtelSpan[], legacy: boolean,
  stats: { interimText: number }): Utterance | null {
  const withText = stt.filter((s) => str(s.attributes, 'transcript'));
  let finals = withText.filter((s) => bool(s.attributes, 'is_final') !== false);
  if (finals.length === 0 && withText.length > 0) {
    // Only interim or incomplete transcripts (stt.incomplete): the last one is the best the trace has.
    finals = [withText[withText.length - 1]!];
    stats.interimText++;
  }
  if (finals.length === 0) {
    // Speech-to-speech services put the user's words on their llm spans.
    const rt = llm.filter((s) => bool(s.attributes, 'transcript.is_input') === true && str(s.attributes, 'transcript'));
    if (rt.length === 0) return null;
    return { text: rt.map((s) => str(s.attributes, 'transcript')!.trim()).join(' '), startMs: cs.startMs(rt[0]!), endMs: cs.endMs(rt[rt.length - 1]!), words: [] };
  }
  const last = finals[finals.length - 1]!;
  // Before 1.2 stt spans are near-instant markers at transcript time; a later turn starts when the user does.
  const startMs = legacy ? (index > 0 ? cs.startMs(turn) : cs.startMs(withText[0]!)) : cs.startMs(finals[0]!);
  return { text: finals.map((s) => str(s.attributes, 'transcript')!.trim()).join(' '), startMs, endMs: cs.endMs(last), words: [] };
}

function agentUtterance(cs: CallSpans, tts: OtelSpan[], llm: OtelSpan[], ttsTtfb: number | null, stats: { llmText: number }): Utterance | null {
  const spoken = tts.filter((s) => str(s.attributes, 'text'));
  if (spoken.length > 0) {
    const first = cs.startMs(spoken[0]!);
    return {
      text: spoken.map((s) => str(s.attributes, 'text')!.trim()).join(' '),
      startMs: tts[0] === spoken[0] && ttsTtfb !== null ? Math.round((first + ttsTtfb) * 1000) / 1000 : first,
      endMs: cs.endMs(spoken[spoken.length - 1]!),
      words: [],
    };
  }
  const said = llm.map((s) => str(s.attributes, 'output', 'text_output')).filter((t): t is string => !!t && t.trim() !== '');
  if (said.length === 0) return null;
  stats.llmText++;
  return { text: said.join(' ').trim(), startMs: null, endMs: null, words: [] };
}

function attachToolCalls(cs: CallSpans, turns: Turn[], spanTurn: Map<OtelSpan, number | null>, notes: ImportNote[]): void {
  const llm = cs.spans.filter((s) => serviceKind(s) === 'llm' && 'input' in s.attributes);
  const steps: LlmStep[] = llm.map((s) => ({
    turnIndex: spanTurn.get(s) ?? null, startMs: cs.startMs(s), endMs: cs.endMs(s),
    input: str(s.attributes, 'input'), output: str(s.attributes, 'output'),
  }));
  const derived = deriveToolCalls(steps);
  const realtime = realtimeToolCalls(cs, spanTurn);
  const all = [...derived.calls, ...realtime];
  for (const { turnIndex, call } of all) if (turnIndex !== null && turns[turnIndex]) turns[turnIndex]!.toolCalls.push(call);
  if (derived.calls.length > 0) notes.push({ level: 'info', message: `${derived.calls.length} tool calls derived from the next llm span's input; tool time = gap between the two llm spans` });
  if (realtime.length > 0) notes.push({ level: 'info', message: `${realtime.length} tool calls from speech-to-speech tool.* attributes` });
  if (derived.unreadableInputs > 0) notes.push({ level: 'warning', message: `${derived.unreadableInputs} llm spans have an input that is not JSON: tool calls may be missing` });
  if (derived.trailingCall) notes.push({ level: 'info', message: 'the last llm span produced no text (a tool call?) and no later llm input shows what it called' });
  if (llm.length === 0 && realtime.length === 0) notes.push({ level: 'info', message: 'no llm input on any span: tool calls unknown' });
}

/** OpenAI Realtime / Gemini Live spans carry the tool call on `tool.*` attributes; results may be on another span. */
function realtimeToolCalls(cs: CallSpans, spanTurn: Map<OtelSpan, number | null>): { turnIndex: number | null; call: ToolCall }[] {
  const out: { turnIndex: number | null; call: ToolCall }[] = [];
  const byId = new Map<string, ToolCall>();
  for (const s of cs.spans) {
    const name = str(s.attributes, 'tool.function_name');
    const id = str(s.attributes, 'tool.call_id');
    const existing = id ? byId.get(id) : undefined;
    if (existing) {
      if ('tool.result' in s.attributes) existing.result = parseMaybeJson(s.attributes['tool.result']);
      existing.endMs = cs.endMs(s);
      continue;
    }
    if (!name) continue;
    const call: ToolCall = {
      id, name, arguments: parseMaybeJson(s.attributes['tool.arguments'] ?? null),
      result: parseMaybeJson(s.attributes['tool.result'] ?? null), startMs: cs.startMs(s), endMs: cs.endMs(s),
    };
    if (id) byId.set(id, call);
    out.push({ turnIndex: spanTurn.get(s) ?? null, call });
  }
  return out;
}

function describe(cs: CallSpans, turns: Turn[], legacyStt: boolean,
  stats: { latency: number; derivedTtfw: number; negativeOverhead: number; interimText: number; llmText: number }, notes: ImportNote[]): void {
  const info = (message: string): void => void notes.push({ level: 'info', message });
  const ttfb = { s: cs.spans.filter((x) => 'metrics.ttfb' in x.attributes).length, ms: cs.spans.filter((x) => 'metrics.ttfb_ms' in x.attributes).length };
  info(`Pipecat profile: ${turns.length} turns from turn spans`);
  info('no word timings or confidences: Pipecat traces carry none (attach ASR JSON for them)');
  info('no outcome and no recording reference: Pipecat traces carry neither');
  if (ttfb.ms > 0) info(`ttfb read from metrics.ttfb_ms (milliseconds, Pipecat 0.0.68) on ${ttfb.ms} spans`);
  if (ttfb.s > 0) info(`ttfb read from metrics.ttfb (seconds, Pipecat 0.0.69+) on ${ttfb.s} spans`);
  if (ttfb.s + ttfb.ms === 0) info('no metrics.ttfb on any span (metrics disabled?): STT, LLM and TTS stage times missing');
  const names = cs.spans.map((s) => s.attributes);
  if (names.some((a) => 'gen_ai.system' in a)) info('provider attribute gen_ai.system (Pipecat 0.0.106 or older names)');
  if (names.some((a) => 'gen_ai.provider.name' in a)) info('provider attribute gen_ai.provider.name (Pipecat 0.0.107+ names)');
  if (legacyStt) info('stt spans mark each transcript (Pipecat before 1.2): interim transcripts ignored, caller start = turn start');
  else info('caller end = final transcript time (includes STT finalization lag); agent start = first TTS span start + its ttfb');
  if (stats.latency > 0) info(`end-to-end latency for ${stats.latency} of ${turns.length} turns from turn.user_bot_latency_seconds (Pipecat 0.0.102+), also used as time to first word`);
  else info('no turn.user_bot_latency_seconds (Pipecat before 0.0.102): end-to-end latency missing');
  if (stats.derivedTtfw > 0) info(`time to first word derived for ${stats.derivedTtfw} turns as first TTS start + ttfb − final transcript end`);
  if (stats.negativeOverhead > 0) info(`overhead left empty on ${stats.negativeOverhead} turns: STT + LLM + TTS ttfb exceed the end-to-end latency`);
  if (stats.interimText > 0) info(`${stats.interimText} turns have only interim or incomplete transcripts (stt.incomplete): caller text may be partial`);
  if (stats.llmText > 0) info(`${stats.llmText} turns have no tts text: agent text taken from the llm output`);
}

/** Providers (with the 1.6.0 renames applied), models and summed token usage, for the call's metadata. */
function servicesSummary(cs: CallSpans): Record<string, unknown> {
  const providers: Record<string, string> = {};
  const models: Record<string, string> = {};
  const usage: Record<string, number> = {};
  const add = (k: string, v: number | null): void => {
    if (v !== null) usage[k] = (usage[k] ?? 0) + v;
  };
  for (const s of cs.spans) {
    const kind = serviceKind(s);
    if (!kind) continue;
    const p = str(s.attributes, 'gen_ai.provider.name', 'gen_ai.system');
    if (p) providers[kind] = PROVIDER_RENAMES[p] ?? p;
    const m = str(s.attributes, 'gen_ai.request.model');
    if (m) models[kind] = m;
    if (kind !== 'llm') continue;
    const a = s.attributes;
    add('inputTokens', num(a, 'gen_ai.usage.input_tokens'));
    add('outputTokens', num(a, 'gen_ai.usage.output_tokens'));
    add('cacheReadInputTokens', num(a, 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'));
    add('cacheCreationInputTokens', num(a, 'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'));
    add('reasoningOutputTokens', num(a, 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens'));
  }
  return { providers, models, usage };
}
