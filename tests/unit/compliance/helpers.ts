/** Small builders for compliance unit tests: calls from lines of text, the built-in rule set. */
import { join, resolve } from 'node:path';
import { loadRuleSet } from '../../../electron/main/compliance/rule-packs';
import type { ScannableCall } from '../../../shared/compliance/call-index';
import { scanCall } from '../../../shared/compliance/scan';
import type { ComplianceHitDraft, RuleSet } from '../../../shared/compliance/types';
import type { Span, ToolCall, Turn, Utterance, Word } from '../../../shared/model/call';

export const RULES_DIR = resolve(__dirname, '../../../resources/rules');

let cached: RuleSet | null = null;
export function builtInRules(): RuleSet {
  cached ??= loadRuleSet({ builtInDir: RULES_DIR, userDir: null }).ruleSet;
  return cached;
}

export const utterance = (text: string, startMs: number | null = null, endMs: number | null = null, words: Word[] = []): Utterance => ({ text, startMs, endMs, words });

/** Words with even times across [startMs, endMs). */
export function timedWords(text: string, startMs: number, msPerWord = 300): Word[] {
  return text.split(/\s+/).filter(Boolean).map((w, i) => ({ text: w, startMs: startMs + i * msPerWord, endMs: startMs + (i + 1) * msPerWord - 20, confidence: 0.9 }));
}

export interface TurnSpec {
  caller?: string | Utterance;
  agent?: string | Utterance;
  reference?: string;
  tools?: Array<Partial<ToolCall> & { name: string }>;
}

export function turn(index: number, spec: TurnSpec): Turn {
  const u = (x: string | Utterance | undefined): Utterance | null => (x === undefined ? null : typeof x === 'string' ? utterance(x) : x);
  return {
    index,
    caller: u(spec.caller),
    agent: u(spec.agent),
    referenceText: spec.reference ?? null,
    intent: null,
    expectedIntent: null,
    timings: { sttMs: null, llmMs: null, ttsMs: null, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null },
    toolCalls: (spec.tools ?? []).map((t) => ({ id: null, arguments: null, result: null, startMs: null, endMs: null, ...t })),
  };
}

/** A call whose turn 0 is a greeting with the recording notice, then the given turns. */
export function call(turns: TurnSpec[], options: { greeting?: string | null; spans?: Span[]; metadata?: Record<string, unknown>; id?: string } = {}): ScannableCall {
  const greeting = options.greeting === undefined ? 'Thanks for calling. This call may be recorded. How can I help?' : options.greeting;
  const all = greeting === null ? turns.map((t, i) => turn(i, t)) : [turn(0, { agent: greeting }), ...turns.map((t, i) => turn(i + 1, t))];
  return { id: options.id ?? 'test-call', turns: all, spans: options.spans ?? [], metadata: options.metadata ?? {} };
}

export function span(attributes: Record<string, unknown>, extra: Partial<Span> = {}): Span {
  return { spanId: null, parentSpanId: null, name: 'llm', kind: 'llm', turnIndex: null, startMs: null, endMs: null, attributes, ...extra };
}

/** Listed hits (duplicates left out) of the built-in rules. */
export function scan(c: ScannableCall, rules: RuleSet = builtInRules()): ComplianceHitDraft[] {
  return scanCall(c, rules).filter((h) => !h.duplicateOf);
}

export const categoriesOf = (hits: readonly ComplianceHitDraft[]): string[] => hits.map((h) => h.category).sort();

export const fixturePath = (...p: string[]): string => join(__dirname, '../../fixtures/compliance', ...p);
