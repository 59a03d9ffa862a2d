import { ImportError } from '../../import-error';
import { MAX_JSON_BYTES } from '../../json-text';
import type { SourceFile } from '../trace-adapter';
import {
  type Attributes,
  isRecord,
  newParsedFile,
  type OtelEvent,
  type OtelLimits,
  type OtelSpan,
  type ParsedTraceFile,
} from './otel-span';
import { type At, child, fail, type IdStats, readId, readKeyValues, readKind, readStatusCode, readUint64 } from './otel-values';

/**
 * OTLP/JSON `TracesData` and the Collector file exporter's JSON Lines (one TracesData per line). A file is
 * JSON Lines when its first line is a complete JSON value and more follows; otherwise it is one document
 * (possibly pretty-printed). Lines are decoded one at a time from the bytes, so a large Collector file
 * never becomes one giant string.
 */
export function readOtlpFile(file: SourceFile, limits: OtelLimits): ParsedTraceFile {
  const lines = firstLineIsWholeRecord(file.bytes);
  if (!lines) {
    const out = newParsedFile(file.path, 'otlp-json');
    try {
      readTracesDocument(file.json(), { path: file.path, loc: '$' }, out, limits);
    } catch (err) {
      out.fatal = asImportError(file.path, err);
    }
    return out;
  }
  const out = newParsedFile(file.path, 'otlp-jsonl');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let records = 0;
  forEachLine(file.bytes, (start, end, lineNo) => {
    if (end - start > MAX_JSON_BYTES) {
      out.failures.push({ traceId: null, error: new ImportError(file.path, `line is ${end - start} bytes, above the ${MAX_JSON_BYTES}-byte limit`, `line ${lineNo}`) });
      return;
    }
    let text: string;
    try {
      text = decoder.decode(file.bytes.subarray(start, end));
    } catch {
      out.failures.push({ traceId: null, error: new ImportError(file.path, 'not valid UTF-8 text', `line ${lineNo}`) });
      return;
    }
    if (text.trim() === '') return;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      const msg = (err instanceof Error ? err.message : String(err)).replace(/ in JSON at position \d+.*$/, '');
      out.failures.push({ traceId: null, error: new ImportError(file.path, `invalid JSON (truncated line?): ${msg}`, `line ${lineNo}`) });
      return;
    }
    records++;
    try {
      readTracesDocument(doc, { path: file.path, loc: `line ${lineNo}, $` }, out, limits);
    } catch (err) {
      out.failures.push({ traceId: null, error: asImportError(file.path, err) });
    }
  });
  if (records === 0) out.fatal = new ImportError(file.path, 'no readable JSON Lines records');
  else out.notes.push(`${file.path}: ${records} Collector JSON Lines records`);
  return out;
}

function asImportError(path: string, err: unknown): ImportError {
  return err instanceof ImportError ? err : new ImportError(path, err instanceof Error ? err.message : String(err));
}

function forEachLine(bytes: Buffer, fn: (start: number, end: number, lineNo: number) => void): void {
  let start = 0;
  let lineNo = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const trimmedEnd = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    fn(start, trimmedEnd, lineNo);
    start = end + 1;
    lineNo++;
  }
}

/** True when the first non-empty line parses on its own and more non-blank text follows: JSON Lines. */
function firstLineIsWholeRecord(bytes: Buffer): boolean {
  const isBlank = (b: number | undefined): boolean => b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09;
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && isBlank(bytes[start])) start++;
  const end = bytes.indexOf(0x0a, start);
  if (end < 0 || end - start > MAX_JSON_BYTES) return false;
  let more = end + 1;
  while (more < bytes.length && isBlank(bytes[more])) more++;
  // One line and nothing after it is simply a single (compact) document.
  if (more >= bytes.length) return false;
  try {
    return isRecord(JSON.parse(bytes.subarray(start, end).toString('utf8')));
  } catch {
    return false;
  }
}

/** A TracesData object, or an array of them (some tools dump a list of batches). */
export function readTracesDocument(doc: unknown, at: At, out: ParsedTraceFile, limits: OtelLimits): void {
  if (Array.isArray(doc)) {
    doc.forEach((d, i) => readTracesDocument(d, child(at, i), out, limits));
    return;
  }
  if (!isRecord(doc)) throw fail(at, 'expected an OTLP TracesData object {"resourceSpans": […]}');
  // snake_case keys are not valid OTLP/JSON, but protobuf text-to-JSON tools emit them; accept both.
  const key = 'resourceSpans' in doc ? 'resourceSpans' : 'resource_spans' in doc ? 'resource_spans' : null;
  if (!key) throw fail(at, 'no "resourceSpans" array: not OTLP trace data');
  if (key === 'resource_spans') noteOnce(out, 'snake_case OTLP keys (not valid OTLP/JSON, read anyway)');
  const list = doc[key];
  if (!Array.isArray(list)) throw fail(child(at, key), 'must be an array');
  const ids: IdStats = { base64: 0 };
  list.forEach((rs, i) => readResourceSpans(rs, child(child(at, key), i), out, limits, ids));
  if (ids.base64 > 0) noteOnce(out, 'ids were base64 (a generic proto3-JSON emitter; OTLP/JSON specifies hex): converted to hex');
}

function noteOnce(out: ParsedTraceFile, message: string): void {
  const full = `${out.path}: ${message}`;
  if (!out.notes.includes(full)) out.notes.push(full);
}

function pick(o: Record<string, unknown>, ...keys: string[]): { key: string; value: unknown } | null {
  for (const k of keys) if (k in o) return { key: k, value: o[k] };
  return null;
}

function readResourceSpans(rs: unknown, at: At, out: ParsedTraceFile, limits: OtelLimits, ids: IdStats): void {
  if (!isRecord(rs)) throw fail(at, 'ResourceSpans must be an object');
  let resource: Attributes = {};
  if (rs.resource !== undefined && rs.resource !== null) {
    if (!isRecord(rs.resource)) throw fail(child(at, 'resource'), 'must be an object');
    resource = readKeyValues(rs.resource.attributes, child(child(at, 'resource'), 'attributes'), limits.maxValueDepth);
  }
  // instrumentationLibrarySpans is the pre-2022 name of scopeSpans; some old exporters still write it.
  const scopes = pick(rs, 'scopeSpans', 'scope_spans', 'instrumentationLibrarySpans', 'instrumentation_library_spans');
  if (!scopes) return;
  if (scopes.key.startsWith('instrumentation')) noteOnce(out, 'old OTLP layout (instrumentationLibrarySpans) read as scopeSpans');
  if (!Array.isArray(scopes.value)) throw fail(child(at, scopes.key), 'must be an array');
  scopes.value.forEach((ss, i) => {
    const sAt = child(child(at, scopes.key), i);
    if (!isRecord(ss)) throw fail(sAt, 'ScopeSpans must be an object');
    const sc = pick(ss, 'scope', 'instrumentationLibrary', 'instrumentation_library');
    const scope = isRecord(sc?.value) && typeof sc.value.name === 'string'
      ? { name: sc.value.name, version: typeof sc.value.version === 'string' && sc.value.version ? sc.value.version : null }
      : null;
    const spans = ss.spans ?? [];
    if (!Array.isArray(spans)) throw fail(child(sAt, 'spans'), 'must be an array');
    spans.forEach((raw, j) => {
      const spAt = child(child(sAt, 'spans'), j);
      // A span's problem belongs to its call when its trace id is readable; otherwise to the whole file.
      const traceId = isRecord(raw) ? safeTraceId(raw, spAt, ids) : null;
      try {
        out.spans.push(readSpan(raw, spAt, resource, scope, limits, ids));
      } catch (err) {
        if (traceId === null) throw err;
        out.failures.push({ traceId, error: asImportError(at.path, err) });
      }
    });
  });
}

function safeTraceId(raw: Record<string, unknown>, at: At, ids: IdStats): string | null {
  try {
    return readId(raw.traceId ?? raw.trace_id, 16, at, { ...ids });
  } catch {
    return null;
  }
}

function readSpan(raw: unknown, at: At, resource: Attributes, scope: OtelSpan['scope'], limits: OtelLimits, ids: IdStats): OtelSpan {
  if (!isRecord(raw)) throw fail(at, 'span must be an object');
  const get = (camel: string, snake: string): { v: unknown; at: At } =>
    !(camel in raw) && snake in raw ? { v: raw[snake], at: child(at, snake) } : { v: raw[camel], at: child(at, camel) };
  const name = raw.name;
  if (typeof name !== 'string') throw fail(child(at, 'name'), name === undefined ? 'span has no name' : 'name must be a string');
  const start = get('startTimeUnixNano', 'start_time_unix_nano');
  const startNs = readUint64(start.v, start.at, 'startTimeUnixNano');
  if (startNs === null || startNs === 0n) throw fail(start.at, 'span has no startTimeUnixNano');
  const end = get('endTimeUnixNano', 'end_time_unix_nano');
  const endNs = readUint64(end.v, end.at, 'endTimeUnixNano');
  const status = isRecord(raw.status) ? raw.status : {};
  const events: OtelEvent[] = [];
  const rawEvents = raw.events ?? [];
  if (!Array.isArray(rawEvents)) throw fail(child(at, 'events'), 'must be an array');
  rawEvents.forEach((e, i) => {
    const eAt = child(child(at, 'events'), i);
    if (!isRecord(e)) throw fail(eAt, 'event must be an object');
    const t = 'timeUnixNano' in e ? e.timeUnixNano : e.time_unix_nano;
    events.push({
      name: typeof e.name === 'string' ? e.name : '',
      timeNs: readUint64(t, child(eAt, 'timeUnixNano'), 'timeUnixNano'),
      attributes: readKeyValues(e.attributes, child(eAt, 'attributes'), limits.maxValueDepth),
    });
  });
  const trace = get('traceId', 'trace_id');
  const span = get('spanId', 'span_id');
  const parent = get('parentSpanId', 'parent_span_id');
  return {
    traceId: readId(trace.v, 16, trace.at, ids),
    spanId: readId(span.v, 8, span.at, ids),
    parentSpanId: readId(parent.v, 8, parent.at, ids),
    name,
    kind: readKind(raw.kind, child(at, 'kind')),
    startNs,
    endNs: endNs === 0n ? null : endNs,
    attributes: readKeyValues(raw.attributes, child(at, 'attributes'), limits.maxValueDepth),
    events,
    status: {
      code: readStatusCode(status.code, child(child(at, 'status'), 'code')),
      message: typeof status.message === 'string' && status.message ? status.message : null,
    },
    resource,
    scope,
    origin: { path: at.path, location: at.loc },
  };
}
