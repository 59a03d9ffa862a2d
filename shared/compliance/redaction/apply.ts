/**
 * Applies a redaction plan to a call (a copy; the input is not changed): secrets in text become a label
 * token, the words they cover become one label word spanning their times, trace values lose the secret
 * part (a number becomes the label). Works on any object with turns and spans (a stored CallDetail, the
 * scanner's input), so the app's redacted view and the exported file come from the same code.
 */
import type { Span, Turn, Word } from '../../model/call';
import type { RedactionPlan, TextEdit, TraceEdit, WordEdit } from './plan';

export interface RedactableCall {
  turns: readonly Turn[];
  spans: readonly Span[];
  metadata?: Record<string, unknown>;
}

interface Range {
  start: number;
  end: number;
  label: string;
}

/** Sorted, merged ranges; ranges separated only by spaces or punctuation merge (one label, not "[x] [x]"). */
function mergeRanges(ranges: Range[], text: string): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (r.start <= last.end || (r.label === last.label && /^[\s,.;:-]*$/.test(text.slice(last.end, r.start))))) {
      last.end = Math.max(last.end, r.end);
    } else out.push({ ...r });
  }
  return out;
}

export function replaceRanges(text: string, ranges: Range[]): string {
  let out = text;
  for (const r of mergeRanges(ranges, text).reverse()) out = out.slice(0, r.start) + r.label + out.slice(r.end);
  return out;
}

function redactWords(words: readonly Word[], edits: readonly WordEdit[]): Word[] {
  const ranges = edits
    .map((e) => ({ from: Math.max(0, e.wordFrom), to: Math.min(words.length - 1, e.wordTo), label: e.label }))
    .filter((r) => r.from <= r.to)
    .sort((a, b) => a.from - b.from);
  const merged: typeof ranges = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to + (r.label === last.label ? 1 : 0)) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  const out = words.slice();
  for (const r of merged.reverse()) {
    const covered = out.slice(r.from, r.to + 1);
    const starts = covered.map((w) => w.startMs).filter((x): x is number => x !== null);
    const ends = covered.map((w) => w.endMs).filter((x): x is number => x !== null);
    out.splice(r.from, r.to - r.from + 1, {
      text: r.label,
      startMs: starts.length > 0 ? Math.min(...starts) : null,
      endMs: ends.length > 0 ? Math.max(...ends) : null,
      confidence: null,
    });
  }
  return out;
}

type Container = Record<string | number, unknown>;

/** The parent object/array of `path` inside `root`, and the last key; null when the path no longer exists. */
function locate(root: unknown, path: ReadonlyArray<string | number>): { parent: Container; key: string | number } | null {
  if (path.length === 0) return null;
  let cur: unknown = root;
  for (const p of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Container)[p];
  }
  if (cur === null || typeof cur !== 'object') return null;
  return { parent: cur as Container, key: path[path.length - 1]! };
}

function redactTrace(root: unknown, edits: readonly TraceEdit[]): void {
  const byPath = new Map<string, TraceEdit[]>();
  for (const e of edits) byPath.set(JSON.stringify(e.path), [...(byPath.get(JSON.stringify(e.path)) ?? []), e]);
  for (const group of byPath.values()) {
    const at = locate(root, group[0]!.path);
    if (!at) continue;
    const value = at.parent[at.key];
    if (typeof value === 'number') at.parent[at.key] = group[0]!.label;
    else if (typeof value === 'string') at.parent[at.key] = replaceRanges(value, group.map((e) => ({ start: e.charStart, end: e.charEnd, label: e.label })));
  }
}

const textKey = (e: TextEdit): string => `${e.turnIndex}:${e.speaker}:${e.field}`;

export function applyRedaction<T extends RedactableCall>(call: T, plan: RedactionPlan): T {
  const out = structuredClone(call) as T & { turns: Turn[]; spans: Span[] };
  const textEdits = new Map<string, TextEdit[]>();
  for (const e of plan.text) textEdits.set(textKey(e), [...(textEdits.get(textKey(e)) ?? []), e]);
  for (const t of out.turns) {
    for (const speaker of ['caller', 'agent'] as const) {
      const u = t[speaker];
      if (!u) continue;
      const edits = textEdits.get(`${t.index}:${speaker}:text`);
      if (edits) u.text = replaceRanges(u.text, edits.map((e) => ({ start: e.charStart, end: e.charEnd, label: e.label })));
      const wordEdits = plan.words.filter((w) => w.turnIndex === t.index && w.speaker === speaker);
      if (wordEdits.length > 0) u.words = redactWords(u.words, wordEdits);
    }
    const ref = textEdits.get(`${t.index}:caller:reference`);
    if (ref && t.referenceText !== null) t.referenceText = replaceRanges(t.referenceText, ref.map((e) => ({ start: e.charStart, end: e.charEnd, label: e.label })));
    const toolEdits = plan.trace.filter((e) => e.target === 'tool' && e.turnIndex === t.index);
    t.toolCalls.forEach((tc, k) => redactTrace(tc, toolEdits.filter((e) => e.index === k)));
  }
  out.spans.forEach((s, i) => redactTrace(s.attributes, plan.trace.filter((e) => e.target === 'span' && e.index === i)));
  if (out.metadata) redactTrace(out.metadata, plan.trace.filter((e) => e.target === 'metadata'));
  return out;
}
