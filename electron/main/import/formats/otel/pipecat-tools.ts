import type { ToolCall } from '../../../../../shared/model/call';
import { isRecord } from './otel-span';
import { parseMaybeJson } from './call-spans';

/**
 * Pipecat's cascaded pipelines emit no tool span: a tool round trip shows as an `llm` span whose output is
 * empty, then another `llm` span whose `input` (the full context, in the provider's own message format)
 * now holds the assistant's tool call and the tool's result. So a call is "new" in llm span i when it was not
 * in any earlier span's input; it was issued by span i−1, and the gap between the two spans is its latency.
 */

export interface LlmStep {
  turnIndex: number | null;
  startMs: number;
  endMs: number | null;
  /** The span's `input` attribute (a JSON string), or null. */
  input: string | null;
  output: string | null;
}

interface Mention {
  id: string | null;
  name: string;
  arguments: unknown;
}

interface Mentions {
  calls: Mention[];
  resultsById: Map<string, unknown>;
  /** Results without ids (Gemini, legacy OpenAI functions), in order, by tool name. */
  resultsByName: Map<string, unknown[]>;
}

/** Reads tool calls and results from OpenAI, Anthropic, Bedrock and Gemini message lists. */
export function toolMentions(input: unknown): Mentions {
  const out: Mentions = { calls: [], resultsById: new Map(), resultsByName: new Map() };
  const messages = Array.isArray(input) ? input : isRecord(input) ? (input.messages ?? input.contents) : null;
  if (!Array.isArray(messages)) return out;
  const named = (name: string, result: unknown): void => {
    out.resultsByName.set(name, [...(out.resultsByName.get(name) ?? []), result]);
  };
  for (const msg of messages) {
    if (!isRecord(msg)) continue;
    if (Array.isArray(msg.tool_calls)) {
      for (const tc of msg.tool_calls) {
        const fn = isRecord(tc) && isRecord(tc.function) ? tc.function : null;
        if (fn && typeof fn.name === 'string') {
          out.calls.push({ id: typeof tc.id === 'string' ? tc.id : null, name: fn.name, arguments: parseMaybeJson(fn.arguments) });
        }
      }
    }
    if (isRecord(msg.function_call) && typeof msg.function_call.name === 'string') {
      out.calls.push({ id: null, name: msg.function_call.name, arguments: parseMaybeJson(msg.function_call.arguments) });
    }
    if (msg.role === 'tool' && typeof msg.tool_call_id === 'string') out.resultsById.set(msg.tool_call_id, parseMaybeJson(msg.content));
    if (msg.role === 'function' && typeof msg.name === 'string') named(msg.name, parseMaybeJson(msg.content));
    const items = [...(Array.isArray(msg.content) ? msg.content : []), ...(Array.isArray(msg.parts) ? msg.parts : [])];
    for (const item of items) {
      if (!isRecord(item)) continue;
      if (item.type === 'tool_use' && typeof item.name === 'string') {
        out.calls.push({ id: typeof item.id === 'string' ? item.id : null, name: item.name, arguments: item.input ?? null });
      } else if (item.type === 'tool_result' && typeof item.tool_use_id === 'string') {
        out.resultsById.set(item.tool_use_id, resultContent(item.content));
      } else if (isRecord(item.toolUse) && typeof item.toolUse.name === 'string') {
        const tu = item.toolUse;
        out.calls.push({ id: typeof tu.toolUseId === 'string' ? tu.toolUseId : null, name: tu.name as string, arguments: tu.input ?? null });
      } else if (isRecord(item.toolResult) && typeof item.toolResult.toolUseId === 'string') {
        out.resultsById.set(item.toolResult.toolUseId, resultContent(item.toolResult.content));
      } else if (isRecord(item.functionCall) && typeof item.functionCall.name === 'string') {
        const fc = item.functionCall;
        out.calls.push({ id: typeof fc.id === 'string' ? fc.id : null, name: fc.name as string, arguments: fc.args ?? null });
      } else if (isRecord(item.functionResponse) && typeof item.functionResponse.name === 'string') {
        const fr = item.functionResponse;
        if (typeof fr.id === 'string') out.resultsById.set(fr.id, fr.response ?? null);
        else named(fr.name as string, fr.response ?? null);
      }
    }
  }
  return out;
}

/** Anthropic/Bedrock results are often `[{type:"text", text}]`: one text block becomes its (parsed) text. */
function resultContent(c: unknown): unknown {
  if (Array.isArray(c) && c.length === 1 && isRecord(c[0])) {
    const only = c[0];
    if (typeof only.text === 'string') return parseMaybeJson(only.text);
    if (isRecord(only.json)) return only.json;
  }
  return parseMaybeJson(c);
}

export interface DerivedTools {
  calls: { turnIndex: number | null; call: ToolCall }[];
  /** llm spans whose input was not parseable JSON. */
  unreadableInputs: number;
  /** The last llm span produced no text (likely a tool call) and no later input shows what it called. */
  trailingCall: boolean;
}

export function deriveToolCalls(steps: readonly LlmStep[]): DerivedTools {
  const seenIds = new Set<string>();
  const seenCounts = new Map<string, number>();
  const allResults = new Map<string, unknown>();
  const out: DerivedTools = { calls: [], unreadableInputs: 0, trailingCall: false };
  steps.forEach((step, i) => {
    if (step.input === null) return;
    const parsed = parseMaybeJson(step.input);
    if (typeof parsed === 'string') {
      out.unreadableInputs++;
      return;
    }
    const m = toolMentions(parsed);
    for (const [id, r] of m.resultsById) allResults.set(id, r);
    const counts = new Map<string, number>();
    const byNameUsed = new Map<string, number>();
    for (const c of m.calls) {
      let isNew: boolean;
      if (c.id !== null) {
        isNew = !seenIds.has(c.id);
        seenIds.add(c.id);
      } else {
        const key = `${c.name}|${JSON.stringify(c.arguments)}`;
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        isNew = n > (seenCounts.get(key) ?? 0);
        if (isNew) seenCounts.set(key, n);
      }
      // Calls already in the first input are history from before tracing began, not this trace's calls.
      if (!isNew || i === 0) continue;
      const caller = steps[i - 1]!;
      const k = byNameUsed.get(c.name) ?? 0;
      byNameUsed.set(c.name, k + 1);
      const byName = m.resultsByName.get(c.name)?.[k];
      out.calls.push({
        turnIndex: caller.turnIndex ?? step.turnIndex,
        call: {
          id: c.id,
          name: c.name,
          arguments: c.arguments,
          result: (c.id !== null ? m.resultsById.get(c.id) : byName) ?? null,
          startMs: caller.endMs,
          endMs: step.startMs,
        },
      });
    }
  });
  // A result can arrive in a later input than its call (async tools): fill it in from any input.
  for (const { call } of out.calls) {
    if (call.result === null && call.id !== null && allResults.has(call.id)) call.result = allResults.get(call.id) ?? null;
  }
  const last = steps[steps.length - 1];
  out.trailingCall = last !== undefined && last.output === '';
  return out;
}
