import type { Span, SpanKind } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { AttrValue, Attributes, OtelSpan } from './otel-span';

/**
 * The spans of one call with the lookups every profile needs: parents, ancestors, and times as milliseconds
 * from the call's first span (the call's own timeline; OTel traces carry no recording to anchor to).
 */
export class CallSpans {
  readonly spans: OtelSpan[];
  readonly baseNs: bigint;
  readonly endNs: bigint;
  private readonly byId = new Map<string, OtelSpan>();

  constructor(spans: readonly OtelSpan[]) {
    this.spans = [...spans].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    this.baseNs = this.spans[0]?.startNs ?? 0n;
    let end = this.baseNs;
    for (const s of this.spans) {
      if (s.spanId) this.byId.set(s.spanId, s);
      const e = s.endNs ?? s.startNs;
      if (e > end) end = e;
    }
    this.endNs = end;
  }

  ms(ns: bigint | null): number | null {
    return ns === null ? null : Math.round(Number(ns - this.baseNs) / 1000) / 1000;
  }

  startMs(s: OtelSpan): number {
    return this.ms(s.startNs)!;
  }

  endMs(s: OtelSpan): number | null {
    return this.ms(s.endNs);
  }

  parent(s: OtelSpan): OtelSpan | null {
    return s.parentSpanId ? (this.byId.get(s.parentSpanId) ?? null) : null;
  }

  /** Nearest ancestor matching `pred`; the walk is bounded so a parent cycle in bad input cannot hang it. */
  ancestor(s: OtelSpan, pred: (a: OtelSpan) => boolean): OtelSpan | null {
    let cur = this.parent(s);
    for (let steps = 0; cur && steps < this.spans.length; steps++) {
      if (pred(cur)) return cur;
      cur = this.parent(cur);
    }
    return null;
  }

  /** Spans whose parent id names a span this call does not have (a partial export). */
  orphans(): OtelSpan[] {
    return this.spans.filter((s) => s.parentSpanId && !this.byId.has(s.parentSpanId));
  }
}

export function str(a: Attributes, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === 'string') return v;
  }
  return null;
}

/** A number attribute; numeric strings count too (int64 beyond 2^53 and hand-written dumps). */
export function num(a: Attributes, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

export function bool(a: Attributes, ...keys: string[]): boolean | null {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
  }
  return null;
}

/** Which of several keys is present first: used to say which version's attribute names a trace uses. */
export function firstKey(a: Attributes, ...keys: string[]): string | null {
  return keys.find((k) => k in a) ?? null;
}

export const secondsToMs = (s: number | null): number | null => (s === null ? null : Math.round(s * 1_000_000) / 1000);

/** A JSON string attribute parsed when it parses, else kept as the string (tool arguments, outputs). */
export function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('[') || t.startsWith('"')) || t.length > 10_000_000) return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}

/** The stored span: attributes as the trace had them, plus kind, status and events under `otel.*`. */
export function toModelSpan(cs: CallSpans, s: OtelSpan, kind: SpanKind, turnIndex: number | null): Span {
  const attributes: Record<string, AttrValue> = { ...s.attributes };
  if (s.kind) attributes['otel.kind'] = s.kind;
  if (s.scope) attributes['otel.scope'] = s.scope.name;
  if (s.status.code !== 'unset') attributes['otel.status'] = { code: s.status.code, message: s.status.message };
  if (s.events.length > 0) {
    attributes['otel.events'] = s.events.map((e) => ({ name: e.name, timeMs: cs.ms(e.timeNs), attributes: e.attributes }));
  }
  return {
    spanId: s.spanId || null,
    parentSpanId: s.parentSpanId || null,
    name: s.name,
    kind,
    turnIndex,
    startMs: cs.startMs(s),
    endMs: cs.endMs(s),
    attributes,
  };
}

const list = (names: string[]): string => {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
};

/** Checks every profile shares: negative durations and parents missing from the export. */
export function commonAnomalies(cs: CallSpans, notes: ImportNote[]): void {
  const negative = cs.spans.filter((s) => s.endNs !== null && s.endNs < s.startNs);
  if (negative.length > 0) {
    notes.push({
      level: 'warning',
      message: `${negative.length} spans end before they start (negative duration): ${list(negative.map((s) => `${s.name} at ${(cs.startMs(s) / 1000).toFixed(2)} s`))}`,
    });
  }
  const orphans = cs.orphans();
  if (orphans.length > 0) {
    notes.push({
      level: 'warning',
      message: `${orphans.length} spans name a parent that is not in the trace (incomplete export?): ${list([...new Set(orphans.map((s) => s.name))])}`,
    });
  }
  const open = cs.spans.filter((s) => s.endNs === null);
  if (open.length > 0) notes.push({ level: 'info', message: `${open.length} spans have no end time (unfinished when exported)` });
}

export function listNames(names: string[]): string {
  return list(names);
}

/** Generic stage guess from span names and GenAI / OpenInference attributes. */
export function guessKind(s: OtelSpan): SpanKind {
  const op = str(s.attributes, 'gen_ai.operation.name');
  const oi = str(s.attributes, 'openinference.span.kind')?.toUpperCase();
  const n = s.name.toLowerCase();
  if (op === 'stt' || /^stt\b|^stt[_.-]|^stt$/.test(n)) return 'stt';
  if (op === 'tts' || /^tts\b|^tts[_.-]/.test(n)) return 'tts';
  if (op === 'chat' || op === 'text_completion' || oi === 'LLM' || /^llm\b|^llm[_.-]/.test(n)) return 'llm';
  if (op === 'execute_tool' || oi === 'TOOL' || /function_tool|^tool\b|^tool[_.-]/.test(n)) return 'tool';
  if (/turn$|^turn\b/.test(n)) return 'turn';
  return 'other';
}
