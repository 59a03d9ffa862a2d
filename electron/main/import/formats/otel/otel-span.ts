import type { ImportError } from '../../import-error';

/**
 * The one span shape every OpenTelemetry container (OTLP/JSON, Collector JSON Lines, the Python console
 * exporter, Jaeger's download) is converted into before a profile maps it onto turns. Times stay in
 * nanoseconds as BigInt because epoch nanoseconds exceed Number's exact range; profiles convert them to
 * milliseconds relative to the call start.
 */

/** An attribute value as plain JSON: 64-bit ints beyond 2^53 stay decimal strings so no digit is lost. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

/** Container formats, as they appear in a call's sourceFormat (`<container>:<profile>`). */
export type OtelContainer = 'otlp-json' | 'otlp-jsonl' | 'otel-console' | 'jaeger';

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type StatusCode = 'unset' | 'ok' | 'error';

export interface OtelEvent {
  name: string;
  timeNs: bigint | null;
  attributes: Attributes;
}

export interface OtelSpan {
  /** Lowercase hex; '' when the source left it empty (the OTLP file example does). */
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** null for SPAN_KIND_UNSPECIFIED or when the source does not say. */
  kind: SpanKindName | null;
  startNs: bigint;
  /** null when the source has no end time (an unfinished span). */
  endNs: bigint | null;
  attributes: Attributes;
  events: OtelEvent[];
  status: { code: StatusCode; message: string | null };
  resource: Attributes;
  scope: { name: string; version: string | null } | null;
  /** File and place the span was read from, for error messages and notes. */
  origin: { path: string; location: string };
}

/** A problem with part of a file: a trace id when the problem belongs to one call, null when to the whole file. */
export interface SpanFailure {
  traceId: string | null;
  error: ImportError;
}

/** What one file contributed: its spans, the problems found, and notes about how it was read. */
export interface ParsedTraceFile {
  path: string;
  container: OtelContainer;
  spans: OtelSpan[];
  failures: SpanFailure[];
  /** The whole file could not be read; nothing from it is used. */
  fatal: ImportError | null;
  notes: string[];
}

/** Guards against inputs that would exhaust memory or the stack. */
export interface OtelLimits {
  maxSpansPerCall: number;
  /** Deepest nesting of arrayValue / kvlistValue (and plain JSON attribute values) that is decoded. */
  maxValueDepth: number;
}

export const DEFAULT_LIMITS: OtelLimits = { maxSpansPerCall: 10_000_000, maxValueDepth: 64 };

export function newParsedFile(path: string, container: OtelContainer): ParsedTraceFile {
  return { path, container, spans: [], failures: [], fatal: null, notes: [] };
}

/** Narrowing helper used by every reader: a plain JSON object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
