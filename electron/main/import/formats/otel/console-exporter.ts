import { ImportError } from '../../import-error';
import { MAX_JSON_BYTES } from '../../json-text';
import type { SourceFile } from '../trace-adapter';
import { type Attributes, isRecord, newParsedFile, type OtelLimits, type OtelSpan, type ParsedTraceFile } from './otel-span';
import { type At, child, fail, isoToNs, readId, readKind, readPlainAttributes, readStatusCode } from './otel-values';

/**
 * The Python SDK's ConsoleSpanExporter output: `Span.to_json(indent=4)` objects written one after another,
 * not an array and not JSON Lines. When stdout was captured together with logs, other text sits between the
 * objects, so the splitter only starts an object at a "{" that opens a line and skips anything else.
 */

export interface JsonChunk {
  text: string;
  /** 1-based line where the object starts. */
  line: number;
}

export interface SplitResult {
  objects: JsonChunk[];
  /** Lines outside any object (log output mixed into the capture). */
  skippedLines: number;
  /** An object still open at the end of the text: the file was cut off. */
  truncatedAt: number | null;
}

/** Splits concatenated JSON objects by counting brackets outside strings; iterative, so depth costs no stack. */
export function splitConcatenatedObjects(text: string): SplitResult {
  const objects: JsonChunk[] = [];
  let skippedLines = 0;
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    if (c !== 123 || text.slice(lineStart, i).trim() !== '') {
      // Not an object opening a line: skip the rest of this line.
      const nl = text.indexOf('\n', i);
      skippedLines++;
      i = nl < 0 ? n : nl;
      continue;
    }
    const startLine = line;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) line++;
      if (inString) {
        if (ch === 92) i++; // backslash: the next character is escaped
        else if (ch === 34) inString = false;
      } else if (ch === 34) inString = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) break;
      }
    }
    if (i >= n) return { objects, skippedLines, truncatedAt: startLine };
    i++;
    objects.push({ text: text.slice(start, i), line: startLine });
  }
  return { objects, skippedLines, truncatedAt: null };
}

export function readConsoleFile(file: SourceFile, limits: OtelLimits): ParsedTraceFile {
  const out = newParsedFile(file.path, 'otel-console');
  try {
    if (file.bytes.length > MAX_JSON_BYTES) {
      throw new ImportError(file.path, `file is ${file.bytes.length} bytes, above the ${MAX_JSON_BYTES}-byte limit for a console span dump`);
    }
    const split = splitConcatenatedObjects(file.text());
    if (split.truncatedAt !== null) {
      throw new ImportError(file.path, 'span object is cut off at the end of the file (truncated output?)', `line ${split.truncatedAt}`);
    }
    let notSpans = 0;
    for (const chunk of split.objects) {
      let obj: unknown;
      try {
        obj = JSON.parse(chunk.text);
      } catch (err) {
        const msg = (err instanceof Error ? err.message : String(err)).replace(/ in JSON at position \d+.*$/, '');
        throw new ImportError(file.path, `invalid JSON in span object: ${msg}`, `line ${chunk.line}`);
      }
      const at: At = { path: file.path, loc: `line ${chunk.line}, $` };
      if (!isRecord(obj) || !('context' in obj)) {
        notSpans++;
        continue;
      }
      const traceId = readTraceIdSafely(obj, at);
      try {
        out.spans.push(readConsoleSpan(obj, at, limits));
      } catch (err) {
        if (traceId === null) throw err;
        out.failures.push({ traceId, error: err instanceof ImportError ? err : new ImportError(file.path, String(err), at.loc) });
      }
    }
    if (out.spans.length === 0 && out.failures.length === 0) throw new ImportError(file.path, 'no span objects found');
    out.notes.push(`${file.path}: ${split.objects.length - notSpans} console-exporter span objects`);
    if (split.skippedLines > 0) out.notes.push(`${file.path}: skipped ${split.skippedLines} lines of non-span text between the span objects`);
    if (notSpans > 0) out.notes.push(`${file.path}: skipped ${notSpans} JSON objects without a span "context"`);
  } catch (err) {
    out.fatal = err instanceof ImportError ? err : new ImportError(file.path, String(err));
  }
  return out;
}

function readTraceIdSafely(obj: Record<string, unknown>, at: At): string | null {
  try {
    return isRecord(obj.context) ? readId(obj.context.trace_id, 16, child(child(at, 'context'), 'trace_id')) : null;
  } catch {
    return null;
  }
}

function readConsoleSpan(obj: Record<string, unknown>, at: At, limits: OtelLimits): OtelSpan {
  if (typeof obj.name !== 'string') throw fail(child(at, 'name'), 'span has no name');
  const ctxAt = child(at, 'context');
  if (!isRecord(obj.context)) throw fail(ctxAt, 'context must be an object with trace_id and span_id');
  const start = obj.start_time;
  if (start === undefined || start === null) throw fail(child(at, 'start_time'), 'span has no start_time');
  const status = isRecord(obj.status) ? obj.status : {};
  // Very old SDKs wrote status.canonical_code (0 = OK) instead of status_code.
  const code = 'status_code' in status ? readStatusCode(status.status_code, child(child(at, 'status'), 'status_code'))
    : typeof status.canonical_code === 'number' ? (status.canonical_code === 0 ? 'unset' : 'error') : 'unset';
  const events = Array.isArray(obj.events) ? obj.events : [];
  return {
    traceId: readId(obj.context.trace_id, 16, child(ctxAt, 'trace_id')),
    spanId: readId(obj.context.span_id, 8, child(ctxAt, 'span_id')),
    parentSpanId: readId(obj.parent_id, 8, child(at, 'parent_id')),
    name: obj.name,
    kind: readKind(obj.kind, child(at, 'kind')),
    startNs: isoToNs(start, child(at, 'start_time'), 'start_time'),
    endNs: obj.end_time === null || obj.end_time === undefined ? null : isoToNs(obj.end_time, child(at, 'end_time'), 'end_time'),
    attributes: readPlainAttributes(obj.attributes, child(at, 'attributes'), limits.maxValueDepth),
    events: events.map((e, i) => {
      const eAt = child(child(at, 'events'), i);
      if (!isRecord(e)) throw fail(eAt, 'event must be an object');
      return {
        name: typeof e.name === 'string' ? e.name : '',
        timeNs: e.timestamp ? isoToNs(e.timestamp, child(eAt, 'timestamp'), 'timestamp') : null,
        attributes: readPlainAttributes(e.attributes, child(eAt, 'attributes'), limits.maxValueDepth),
      };
    }),
    status: { code, message: typeof status.description === 'string' && status.description ? status.description : null },
    resource: readResource(obj.resource, child(at, 'resource'), limits),
    // to_json() does not write the instrumentation scope.
    scope: null,
    origin: { path: at.path, location: at.loc },
  };
}

/** `{attributes, schema_url}` in current SDKs; a flat attribute object in very old ones. */
function readResource(v: unknown, at: At, limits: OtelLimits): Attributes {
  if (!isRecord(v)) return {};
  if (isRecord(v.attributes)) return readPlainAttributes(v.attributes, child(at, 'attributes'), limits.maxValueDepth);
  return readPlainAttributes(v, at, limits.maxValueDepth);
}
