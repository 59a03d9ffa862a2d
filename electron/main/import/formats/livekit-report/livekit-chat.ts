import type { StageTimings } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import { type JsonAt, parseJsonText } from './common-json';
import { secondsToMs, ToolCallJoin, type SequenceItem } from './common-turns';

export interface Message {
  role: string;
  text: string;
  interrupted: boolean;
  confidence: number | null;
  metrics: JsonAt | null;
}

export interface ChatRead {
  sequence: SequenceItem[];
  /** Spoken messages with their place in `sequence`, to find the turn each landed in. */
  messages: { message: Message; at: number }[];
  /** Items of types that carry no speech or tool call (config updates). */
  skipped: number;
  join: ToolCallJoin;
}

/**
 * Chat items in order: user and assistant messages become speech carrying their own metrics (so no
 * alignment by order is needed), function calls join their outputs by call_id, handoffs become notes.
 * `ms` turns an epoch-seconds time into ms on the call's clock.
 */
export function readChatItems(items: JsonAt[], ms: (epochS: number | null) => number | null, notes: ImportNote[]): ChatRead {
  const join = new ToolCallJoin();
  const sequence: SequenceItem[] = [];
  const messages: { message: Message; at: number }[] = [];
  let skipped = 0;
  for (const item of items) {
    item.object();
    const type = item.get('type').optString() ?? (item.get('role').present ? 'message' : null);
    if (type === 'message') {
      const m = readMessage(item);
      // system / developer messages are instructions, not speech
      if (m.role !== 'user' && m.role !== 'assistant') continue;
      const utterance = {
        text: m.text,
        startMs: ms(m.metrics?.get('started_speaking_at').optNumber() ?? null),
        endMs: ms(m.metrics?.get('stopped_speaking_at').optNumber() ?? null),
        words: [],
      };
      messages.push({ message: m, at: sequence.length });
      sequence.push(
        m.role === 'user'
          ? { kind: 'caller', utterance, timings: callerTimings(m.metrics) }
          : { kind: 'agent', utterance, timings: agentTimings(m.metrics) },
      );
    } else if (type === 'function_call') {
      const args = item.get('arguments').optString();
      const call = join.call(item.get('call_id').optId(), item.get('name').string(), args === null ? null : parseJsonText(args), ms(item.get('created_at').optNumber()));
      sequence.push({ kind: 'tool', call });
    } else if (type === 'function_call_output') {
      const output = item.get('output').optString();
      if (item.get('is_error').optBoolean()) notes.push({ level: 'warning', message: `tool ${item.get('name').optString() ?? '?'} (${item.get('call_id').optId() ?? 'no id'}) returned an error` });
      join.result(item.get('call_id').optId(), output === null ? null : parseJsonText(output), ms(item.get('created_at').optNumber()));
    } else if (type === 'agent_handoff') {
      notes.push({ level: 'info', message: `agent handoff ${item.get('old_agent_id').optString() ?? '(start)'} → ${item.get('new_agent_id').optString() ?? '?'}` });
    } else skipped++;
  }
  return { sequence, messages, skipped, join };
}

function readMessage(item: JsonAt): Message {
  const content = item.get('content');
  // content is a list of strings (plus image/audio parts we cannot show); some writers give one string.
  const parts = typeof content.value === 'string' ? [content.string()] : (content.optItems() ?? []).filter((c) => typeof c.value === 'string').map((c) => c.string());
  return {
    role: item.get('role').string(),
    text: parts.join(' ').trim(),
    interrupted: item.get('interrupted').optBoolean() ?? false,
    confidence: item.get('transcript_confidence').optNumber(),
    metrics: item.get('metrics').optObject(),
  };
}

/**
 * The turn model has one stage before the LLM. end_of_turn_delay (end of speech → turn committed) contains
 * the transcription delay, so it is that stage, as in the spec's overhead = e2e − (EOT + TTFT + TTFB).
 */
const callerTimings = (m: JsonAt | null): Partial<StageTimings> => ({ sttMs: secondsToMs(m?.get('end_of_turn_delay').optNumber() ?? null) });

/** e2e_latency is "user stopped → agent started speaking": end-to-end and time to first word at once. */
function agentTimings(m: JsonAt | null): Partial<StageTimings> {
  const e2e = secondsToMs(m?.get('e2e_latency').optNumber() ?? null);
  return {
    llmMs: secondsToMs(m?.get('llm_node_ttft').optNumber() ?? null),
    ttsMs: secondsToMs(m?.get('tts_node_ttfb').optNumber() ?? null),
    endToEndMs: e2e,
    timeToFirstWordMs: e2e,
  };
}

