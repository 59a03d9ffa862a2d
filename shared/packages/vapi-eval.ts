/**
 * A package as a Vapi eval (`POST /eval`, type `chat.mockConversation`). The conversation before and
 * between the selected turns is replayed as mock messages (user, assistant with its tool calls, tool
 * results from the package's mocks); each selected turn is the caller's real words followed by
 * checkpoints: a regex judge plan holding the expected tool calls (any content), the recorded tool
 * results so the conversation can go on, then an AI judge for intent and phrases. A selected turn with
 * nothing to judge keeps the recorded reply as a mock so later checkpoints see the same history.
 */
import type { TurnExpectations } from './expectations';
import type { PackageManifest, ToolMock } from './manifest';
import { judgeCriterion } from './pipecat-scenario';

export interface VapiToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export type VapiMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: VapiToolCall[] }
  | { role: 'assistant'; judgePlan: VapiJudgePlan }
  | { role: 'tool'; content: string };

export type VapiJudgePlan =
  | { type: 'regex'; content: string; toolCalls?: VapiToolCall[] }
  | { type: 'ai'; model: { provider: 'openai'; model: string; messages: Array<{ role: 'system'; content: string }> } };

export interface VapiMockConversationEval {
  type: 'chat.mockConversation';
  name: string;
  description: string;
  messages: VapiMessage[];
}

/** The judge model written into AI judge plans; change it in the file for another provider or model. */
export const VAPI_JUDGE_MODEL = 'gpt-4o';
/** Any content at all: the regex judge is only there to check the tool calls. */
const ANY_CONTENT = '[\\s\\S]*';

const objectArgs = (a: unknown): Record<string, unknown> => (a !== null && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, unknown>) : {});
const resultText = (r: unknown): string => (typeof r === 'string' ? r : JSON.stringify(r ?? null));

function aiJudge(e: TurnExpectations, caller: string): VapiMessage | null {
  const criterion = judgeCriterion(e);
  if (!criterion) return null;
  const prompt = [
    'You judge one reply of a voice agent in a regression test made from a failed call.',
    `The caller said: "${caller}"`,
    `Pass only if: ${criterion}`,
    'The reply: {{messages[-1]}}',
    'Answer with exactly one word: pass or fail.',
  ].join('\n');
  return { role: 'assistant', judgePlan: { type: 'ai', model: { provider: 'openai', model: VAPI_JUDGE_MODEL, messages: [{ role: 'system', content: prompt }] } } };
}

export function vapiMockConversation(m: PackageManifest, mocks: readonly ToolMock[]): VapiMockConversationEval {
  const byIndex = new Map(m.expectations.turns.map((e) => [e.turnIndex, e]));
  const selected = new Set(m.selection.turns);
  const turns = [...m.context, ...m.turns].sort((a, b) => a.index - b.index);
  const messages: VapiMessage[] = [];
  for (const t of turns) {
    const caller = t.reference ?? t.callerText;
    const toolsHere = mocks.filter((x) => x.turnIndex === t.index);
    if (caller) messages.push({ role: 'user', content: caller });
    const e = selected.has(t.index) ? byIndex.get(t.index) : undefined;
    if (!e) {
      if (toolsHere.length > 0) messages.push({ role: 'assistant', content: '', toolCalls: toolsHere.map((x) => ({ name: x.name, arguments: objectArgs(x.arguments) })) });
      for (const x of toolsHere) messages.push({ role: 'tool', content: resultText(x.result) });
      if (t.agentText) messages.push({ role: 'assistant', content: t.agentText });
      continue;
    }
    const expectedCalls = e.toolCalls?.calls ?? [];
    if (expectedCalls.length > 0) {
      messages.push({ role: 'assistant', judgePlan: { type: 'regex', content: ANY_CONTENT, toolCalls: expectedCalls.map((c) => ({ name: c.name, arguments: c.arguments })) } });
      const used = new Set<ToolMock>();
      for (const c of expectedCalls) {
        const mock = toolsHere.find((x) => x.name === c.name && !used.has(x));
        if (mock) used.add(mock);
        messages.push({ role: 'tool', content: resultText(mock?.result ?? null) });
      }
    }
    const judge = aiJudge(e, caller ?? '');
    if (judge) messages.push(judge);
    else if (t.agentText) messages.push({ role: 'assistant', content: t.agentText });
  }
  const description = `Made by Turnscope from regression package ${m.packageId} (call ${m.source.callId}, turns ${m.selection.turns.join(', ')}): ${m.selection.reasons.filter((r) => r.severity === 'critical').map((r) => r.kind).join(', ') || 'selected by hand'}.`;
  return { type: 'chat.mockConversation', name: m.title.slice(0, 80), description: description.slice(0, 500), messages };
}
