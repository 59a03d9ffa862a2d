/** Small builders for model Turns in analysis tests (only the fields a test cares about). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageTimings, ToolCall, Turn, Utterance, Word } from '../../../../shared/model/call';
import { validateThresholds, type Thresholds } from '../../../../shared/analysis/thresholds';

export function loadDefaultThresholds(): Thresholds {
  return validateThresholds(JSON.parse(readFileSync(join(__dirname, '../../../../resources/thresholds/default.json'), 'utf8')));
}

export function word(text: string, startMs: number | null = null, endMs: number | null = null, confidence: number | null = null): Word {
  return { text, startMs, endMs, confidence };
}

export function utterance(text: string, opts: { startMs?: number; endMs?: number; words?: Word[] } = {}): Utterance {
  return { text, startMs: opts.startMs ?? null, endMs: opts.endMs ?? null, words: opts.words ?? [] };
}

/** Words with confidences, 300 ms each starting at startMs. */
export function timedWords(text: string, confidences: Array<number | null>, startMs = 0): Word[] {
  return text.split(' ').map((t, i) => word(t, startMs + i * 300, startMs + i * 300 + 250, confidences[i] ?? null));
}

export const noTimings: StageTimings = { sttMs: null, llmMs: null, ttsMs: null, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null };

export function turn(index: number, parts: Partial<Omit<Turn, 'index' | 'timings'>> & { timings?: Partial<StageTimings> } = {}): Turn {
  return {
    index,
    caller: parts.caller ?? null,
    agent: parts.agent ?? null,
    referenceText: parts.referenceText ?? null,
    intent: parts.intent ?? null,
    expectedIntent: parts.expectedIntent ?? null,
    timings: { ...noTimings, ...(parts.timings ?? {}) },
    toolCalls: parts.toolCalls ?? [],
  };
}

export function tool(name: string, startMs: number | null = null, endMs: number | null = null): ToolCall {
  return { id: null, name, arguments: {}, result: null, startMs, endMs };
}
