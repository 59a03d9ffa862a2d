import { createHash } from 'node:crypto';

/**
 * A neutral description of spans (seconds from a trace's t0) and the encoders that write it the way each
 * exporter does: OTLP/JSON (ids hex, nanos and ints as decimal strings, enums as integers), the Collector's
 * JSON Lines, the Python SDK's console exporter, and Jaeger's download. Test-only.
 */

/** Forces an OTLP doubleValue for a whole number (JS cannot tell 1.0 from 1). */
export class Dbl {
  constructor(readonly v: number) {}
}
export type V = string | number | boolean | Dbl | V[] | { [k: string]: V };

export interface GenEvent {
  name: string;
  t: number;
  attrs: Record<string, V>;
}

export interface GenSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  name: string;
  scope: string;
  start: number;
  end: number;
  attrs: Record<string, V>;
  events?: GenEvent[];
  kind?: number;
  status?: { code: 0 | 1 | 2; message?: string };
}

export interface GenTrace {
  /** Epoch seconds of offset 0. */
  t0: number;
  resource: Record<string, V>;
  spans: GenSpan[];
}

export const hexId = (seed: string, bytes: 8 | 16): string => createHash('sha256').update(seed).digest('hex').slice(0, bytes * 2);

/** Epoch nanoseconds as a decimal string; offsets are kept to the microsecond like real SDK clocks. */
export const nanos = (t0: number, offset: number): string => (BigInt(t0) * 1_000_000_000n + BigInt(Math.round(offset * 1e6)) * 1000n).toString();

const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'];

export function otlpValue(v: V): Record<string, unknown> {
  if (v instanceof Dbl) return { doubleValue: v.v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(otlpValue) } };
  return { kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: otlpValue(value) })) } };
}

export const otlpAttrs = (a: Record<string, V>): Record<string, unknown>[] => Object.entries(a).map(([key, value]) => ({ key, value: otlpValue(value) }));

export interface OtlpStyle {
  /** proto3-JSON emitters write enum names; OTLP/JSON says integers. */
  enumNames?: boolean;
  /** Some emitters write the nanos as JSON numbers. */
  numericTimes?: boolean;
}

export function otlpSpan(s: GenSpan, t0: number, style: OtlpStyle = {}): Record<string, unknown> {
  const time = (o: number): string | number => (style.numericTimes ? Number(nanos(t0, o)) : nanos(t0, o));
  const kind = s.kind ?? 1;
  const status = s.status ?? { code: 0 };
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    ...(s.parentId ? { parentSpanId: s.parentId } : {}),
    flags: 257,
    name: s.name,
    kind: style.enumNames ? `SPAN_KIND_${KIND_NAMES[kind]}` : kind,
    startTimeUnixNano: time(s.start),
    endTimeUnixNano: time(s.end),
    attributes: otlpAttrs(s.attrs),
    ...(s.events?.length ? { events: s.events.map((e) => ({ timeUnixNano: time(e.t), name: e.name, attributes: otlpAttrs(e.attrs) })) } : {}),
    status: status.code === 0 ? {} : { code: style.enumNames ? `STATUS_CODE_${STATUS_NAMES[status.code]}` : status.code, ...(status.message ? { message: status.message } : {}) },
  };
}

/** One TracesData with the given spans grouped by scope, under one resource (one process). */
export function tracesData(trace: GenTrace, spans: GenSpan[], style: OtlpStyle = {}): Record<string, unknown> {
  const scopes = [...new Set(spans.map((s) => s.scope))];
  return {
    resourceSpans: [{
      resource: { attributes: otlpAttrs(trace.resource) },
      scopeSpans: scopes.map((name) => ({ scope: { name }, spans: spans.filter((s) => s.scope === name).map((s) => otlpSpan(s, trace.t0, style)) })),
    }],
  };
}

/** Spans in the order a BatchSpanProcessor exports them: when they end (children before parents). */
export const byEnd = (spans: GenSpan[]): GenSpan[] => [...spans].sort((a, b) => a.end - b.end || a.start - b.start);

function isoMicros(t0: number, offset: number): string {
  const us = BigInt(t0) * 1_000_000n + BigInt(Math.round(offset * 1e6));
  const d = new Date(Number(us / 1000n));
  return `${d.toISOString().slice(0, 19)}.${String(us % 1_000_000n).padStart(6, '0')}Z`;
}

const plain = (v: V): unknown => (v instanceof Dbl ? v.v : Array.isArray(v) ? v.map(plain) : typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v);

/** `Span.to_json(indent=4)` of the Python SDK, as ConsoleSpanExporter prints it. */
export function consoleSpan(s: GenSpan, trace: GenTrace): string {
  const obj = {
    name: s.name,
    context: { trace_id: `0x${s.traceId}`, span_id: `0x${s.spanId}`, trace_state: '[]' },
    kind: `SpanKind.${KIND_NAMES[s.kind ?? 1]}`,
    parent_id: s.parentId ? `0x${s.parentId}` : null,
    start_time: isoMicros(trace.t0, s.start),
    end_time: isoMicros(trace.t0, s.end),
    status: { status_code: STATUS_NAMES[s.status?.code ?? 0], ...(s.status?.message ? { description: s.status.message } : {}) },
    attributes: plain(s.attrs),
    events: (s.events ?? []).map((e) => ({ name: e.name, timestamp: isoMicros(trace.t0, e.t), attributes: plain(e.attrs) })),
    links: [],
    resource: { attributes: plain(trace.resource), schema_url: '' },
  };
  return JSON.stringify(obj, null, 4);
}

function jaegerTag(key: string, v: V): Record<string, unknown> {
  if (v instanceof Dbl) return { key, type: 'float64', value: v.v };
  if (typeof v === 'string') return { key, type: 'string', value: v };
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (typeof v === 'number') return { key, type: Number.isInteger(v) ? 'int64' : 'float64', value: v };
  // Jaeger's OTLP translation flattens arrays and maps into JSON strings.
  return { key, type: 'string', value: JSON.stringify(plain(v)) };
}

const micros = (t0: number, offset: number): number => t0 * 1_000_000 + Math.round(offset * 1e6);

/** Jaeger UI "Download JSON": {"data": [trace]} with µs times, typed tags, CHILD_OF references, processes. */
export function jaegerDoc(trace: GenTrace): Record<string, unknown> {
  const { 'service.name': service, ...processTags } = trace.resource;
  return {
    data: [{
      traceID: trace.spans[0]!.traceId,
      spans: trace.spans.map((s) => ({
        traceID: s.traceId,
        spanID: s.spanId,
        operationName: s.name,
        references: s.parentId ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentId }] : [],
        startTime: micros(trace.t0, s.start),
        duration: micros(trace.t0, s.end) - micros(trace.t0, s.start),
        tags: [
          { key: 'otel.scope.name', type: 'string', value: s.scope },
          { key: 'span.kind', type: 'string', value: KIND_NAMES[s.kind ?? 1]!.toLowerCase() },
          ...(s.status && s.status.code !== 0 ? [{ key: 'otel.status_code', type: 'string', value: STATUS_NAMES[s.status.code] }] : []),
          ...Object.entries(s.attrs).map(([k, v]) => jaegerTag(k, v)),
        ],
        logs: (s.events ?? []).map((e) => ({ timestamp: micros(trace.t0, e.t), fields: [{ key: 'event', type: 'string', value: e.name }, ...Object.entries(e.attrs).map(([k, v]) => jaegerTag(k, v))] })),
        processID: 'p1',
        warnings: null,
      })),
      processes: { p1: { serviceName: typeof service === 'string' ? service : 'unknown', tags: Object.entries(processTags).map(([k, v]) => jaegerTag(k, v)) } },
      warnings: null,
    }],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
}
