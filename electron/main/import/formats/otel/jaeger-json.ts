import { ImportError } from '../../import-error';
import type { SourceFile } from '../trace-adapter';
import {
  type AttrValue,
  type Attributes,
  isRecord,
  newParsedFile,
  type OtelLimits,
  type OtelSpan,
  type ParsedTraceFile,
  type SpanKindName,
  type StatusCode,
} from './otel-span';
import { type At, child, fail, readId, readPlainValue, scaledToNs } from './otel-values';

/**
 * Jaeger UI's "Download JSON" (and the query API's /api/traces): `{"data": [trace…]}` where each trace has
 * `spans` with microsecond `startTime`/`duration`, typed `tags`, `references` for the parent, and
 * `processes` holding the service. Jaeger's OTLP translation moves span kind, status and scope into tags
 * (`span.kind`, `otel.status_code`, `otel.scope.name`); they are lifted back out here.
 */
export function readJaegerFile(file: SourceFile, limits: OtelLimits): ParsedTraceFile {
  const out = newParsedFile(file.path, 'jaeger');
  try {
    const doc = file.json();
    const root: At = { path: file.path, loc: '$' };
    if (isRecord(doc) && Array.isArray(doc.data)) doc.data.forEach((t, i) => readTrace(t, child(child(root, 'data'), i), out, limits));
    else if (Array.isArray(doc)) doc.forEach((t, i) => readTrace(t, child(root, i), out, limits));
    else if (isRecord(doc) && Array.isArray(doc.spans)) readTrace(doc, root, out, limits);
    else throw fail(root, 'expected Jaeger JSON {"data": [{"traceID", "spans", "processes"}]}');
  } catch (err) {
    out.fatal = err instanceof ImportError ? err : new ImportError(file.path, String(err));
  }
  return out;
}

function readTrace(t: unknown, at: At, out: ParsedTraceFile, limits: OtelLimits): void {
  if (!isRecord(t)) throw fail(at, 'trace must be an object');
  if (!Array.isArray(t.spans)) throw fail(child(at, 'spans'), 'must be an array of spans');
  const processes = isRecord(t.processes) ? t.processes : {};
  const traceFallback = typeof t.traceID === 'string' ? t.traceID : undefined;
  t.spans.forEach((raw, i) => {
    const sAt = child(child(at, 'spans'), i);
    let traceId: string | null = null;
    try {
      traceId = readId(isRecord(raw) ? (raw.traceID ?? traceFallback) : undefined, 16, child(sAt, 'traceID'));
    } catch {
      traceId = null;
    }
    try {
      out.spans.push(readSpan(raw, sAt, processes, traceFallback, limits));
    } catch (err) {
      if (traceId === null) throw err;
      out.failures.push({ traceId, error: err instanceof ImportError ? err : new ImportError(at.path, String(err), sAt.loc) });
    }
  });
}

/** Tags `[{key, type, value}]` as attributes; int64 may arrive as a number or (from some proxies) a string. */
function readTags(v: unknown, at: At, limits: OtelLimits): Attributes {
  if (v === undefined || v === null) return {};
  if (!Array.isArray(v)) throw fail(at, 'tags must be an array of {"key", "type", "value"}');
  const outAttrs: Attributes = {};
  v.forEach((tag, i) => {
    const tAt = child(at, i);
    if (!isRecord(tag) || typeof tag.key !== 'string') throw fail(tAt, 'tag must be {"key": string, "type", "value"}');
    let value: AttrValue = readPlainValue(tag.value, child(tAt, 'value'), limits.maxValueDepth);
    if (tag.type === 'int64' && typeof value === 'string' && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) value = Number(value);
    if (tag.type === 'float64' && typeof value === 'string' && Number.isFinite(Number(value))) value = Number(value);
    if (tag.type === 'bool' && (value === 'true' || value === 'false')) value = value === 'true';
    outAttrs[tag.key] = value;
  });
  return outAttrs;
}

const STRUCTURAL_TAGS = ['span.kind', 'otel.status_code', 'otel.status_description', 'otel.scope.name', 'otel.scope.version',
  'otel.library.name', 'otel.library.version', 'internal.span.format'];

function readSpan(raw: unknown, at: At, processes: Record<string, unknown>, traceFallback: string | undefined, limits: OtelLimits): OtelSpan {
  if (!isRecord(raw)) throw fail(at, 'span must be an object');
  if (typeof raw.operationName !== 'string') throw fail(child(at, 'operationName'), 'span has no operationName');
  if (raw.startTime === undefined) throw fail(child(at, 'startTime'), 'span has no startTime');
  const startNs = scaledToNs(raw.startTime, 1000n, child(at, 'startTime'), 'startTime (µs)');
  const endNs = raw.duration === undefined ? null : startNs + scaledToNs(raw.duration, 1000n, child(at, 'duration'), 'duration (µs)');
  const tags = readTags(raw.tags, child(at, 'tags'), limits);
  const proc = isRecord(raw.process) ? raw.process : typeof raw.processID === 'string' && isRecord(processes[raw.processID]) ? processes[raw.processID] as Record<string, unknown> : null;
  const resource: Attributes = proc ? readTags(proc.tags, child(at, 'process'), limits) : {};
  if (proc && typeof proc.serviceName === 'string') resource['service.name'] = proc.serviceName;
  const kindTag = tags['span.kind'];
  const kind = (['internal', 'server', 'client', 'producer', 'consumer'] as const).find((k) => k === kindTag) ?? null;
  const statusTag = typeof tags['otel.status_code'] === 'string' ? tags['otel.status_code'].toLowerCase() : null;
  const status: StatusCode = statusTag === 'error' || tags.error === true ? 'error' : statusTag === 'ok' ? 'ok' : 'unset';
  const scopeName = tags['otel.scope.name'] ?? tags['otel.library.name'];
  const scopeVersion = tags['otel.scope.version'] ?? tags['otel.library.version'];
  const message = tags['otel.status_description'];
  for (const k of STRUCTURAL_TAGS) delete tags[k];
  const refs = Array.isArray(raw.references) ? raw.references.filter(isRecord) : [];
  const parentRef = refs.find((r) => r.refType === 'CHILD_OF') ?? refs.find((r) => r.refType === 'FOLLOWS_FROM');
  const parentRaw = parentRef ? parentRef.spanID : raw.parentSpanID;
  const logs = Array.isArray(raw.logs) ? raw.logs : [];
  return {
    traceId: readId(raw.traceID ?? traceFallback, 16, child(at, 'traceID')),
    spanId: readId(raw.spanID, 8, child(at, 'spanID')),
    parentSpanId: parentRaw === '0' ? '' : readId(parentRaw, 8, child(at, 'references')),
    name: raw.operationName,
    kind: kind as SpanKindName | null,
    startNs,
    endNs,
    attributes: tags,
    events: logs.map((l, i) => {
      const lAt = child(child(at, 'logs'), i);
      if (!isRecord(l)) throw fail(lAt, 'log must be an object');
      const fields = readTags(l.fields, child(lAt, 'fields'), limits);
      const name = typeof fields.event === 'string' ? fields.event : '';
      delete fields.event;
      return { name, timeNs: l.timestamp === undefined ? null : scaledToNs(l.timestamp, 1000n, child(lAt, 'timestamp'), 'timestamp (µs)'), attributes: fields };
    }),
    status: { code: status, message: typeof message === 'string' && message ? message : null },
    resource,
    scope: typeof scopeName === 'string' ? { name: scopeName, version: typeof scopeVersion === 'string' ? scopeVersion : null } : null,
    origin: { path: at.path, location: at.loc },
  };
}
