import { ImportError } from '../../import-error';
import type { SourceFile, TraceAdapter } from '../trace-adapter';
import { buildCalls } from './build-calls';
import { readConsoleFile } from './console-exporter';
import { readJaegerFile } from './jaeger-json';
import { DEFAULT_LIMITS, newParsedFile, type OtelContainer, type OtelLimits, type ParsedTraceFile } from './otel-span';
import { readOtlpFile } from './otlp-json';

/**
 * The OpenTelemetry trace adapters: one per container format, sharing the span model, the grouping by trace
 * id and the Pipecat / LiveKit Agents profiles. Each call's sourceFormat is `<container>:<profile>`:
 * container otlp-json | otlp-jsonl | otel-console | jaeger, profile pipecat | livekit | generic
 * (e.g. "otlp-jsonl:pipecat"). Collector JSON Lines and OTLP/JSON share one adapter because a one-line
 * Collector file is an OTLP/JSON document, and one trace may be spread over files of both kinds.
 */

const HEAD_BYTES = 64 * 1024;

function head(file: SourceFile): string {
  const text = file.bytes.subarray(0, HEAD_BYTES).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Framework markers near the start raise confidence from "an OTel trace" to "a trace we map onto turns". */
const PROFILE_HINT = /"(pipecat(\.turn)?|livekit-agents|conversation|agent_session|user_turn|agent_turn)"|"(turn\.number|conversation\.id|lk\.[a-z_.]+)"/;

/** `resourceSpans` as the first key of the first object: OTLP/JSON or a Collector JSON Lines file. */
export function detectOtlp(file: SourceFile): number {
  const h = head(file);
  if (/^\s*\[?\s*\{\s*"(resourceSpans|resource_spans)"\s*:\s*\[/.test(h)) return PROFILE_HINT.test(h) ? 0.95 : 0.9;
  return 0;
}

/** Pretty-printed Python SDK span objects: `"context": {"trace_id": "0x…"}` and `"kind": "SpanKind.…"`. */
export function detectConsole(file: SourceFile): number {
  const h = head(file);
  const firstObject = /^[ \t]*\{\s*$/m.exec(h);
  if (!firstObject) return 0;
  const body = h.slice(firstObject.index);
  if (!/"context"\s*:\s*\{/.test(body) || !/"trace_id"\s*:\s*"(0x)?[0-9a-fA-F]+"/.test(body) || !/"span_id"\s*:/.test(body)) return 0;
  if (!/"kind"\s*:\s*"SpanKind\./.test(body) && !/"start_time"\s*:/.test(body)) return 0;
  return PROFILE_HINT.test(body) ? 0.95 : 0.9;
}

/** Jaeger's `{"data": [{"traceID", "spans": [{"spanID", "operationName", …}]}]}`. */
export function detectJaeger(file: SourceFile): number {
  const h = head(file);
  if (!/^\s*[[{]/.test(h) || !/"traceID"\s*:/.test(h) || !/"spanID"\s*:/.test(h) || !/"operationName"\s*:/.test(h)) return 0;
  const wrapped = /^\s*\{\s*"data"\s*:\s*\[/.test(h);
  return wrapped && PROFILE_HINT.test(h) ? 0.95 : wrapped ? 0.9 : 0.8;
}

type ReadFile = (file: SourceFile, limits: OtelLimits) => ParsedTraceFile;

/** Reads every file, then builds calls across all of them; a reader bug becomes that file's error, not a crash. */
export function readOtelFiles(files: readonly SourceFile[], readFile: ReadFile, container: OtelContainer, limits: OtelLimits = DEFAULT_LIMITS): ReturnType<TraceAdapter['read']> {
  const parsed = files.map((f) => {
    try {
      return readFile(f, limits);
    } catch (err) {
      const out = newParsedFile(f.path, container);
      out.fatal = err instanceof ImportError ? err : new ImportError(f.path, `could not read: ${err instanceof Error ? err.message : String(err)}`);
      return out;
    }
  });
  return buildCalls(parsed, limits);
}

export const otlpJsonAdapter: TraceAdapter = {
  id: 'otlp-json',
  label: 'OpenTelemetry OTLP/JSON or Collector JSON Lines (Pipecat, LiveKit Agents)',
  detect: detectOtlp,
  // A Collector writes one trace's batches across many lines and files: read them together.
  groupsFiles: true,
  read: (files) => readOtelFiles(files, readOtlpFile, 'otlp-json'),
};

export const otelConsoleAdapter: TraceAdapter = {
  id: 'otel-console',
  label: 'OpenTelemetry Python console exporter spans (Pipecat, LiveKit Agents)',
  detect: detectConsole,
  read: (files) => readOtelFiles(files, readConsoleFile, 'otel-console'),
};

export const jaegerAdapter: TraceAdapter = {
  id: 'jaeger',
  label: 'Jaeger JSON download of OpenTelemetry traces (Pipecat, LiveKit Agents)',
  detect: detectJaeger,
  read: (files) => readOtelFiles(files, readJaegerFile, 'jaeger'),
};

export const OTEL_TRACE_ADAPTERS: readonly TraceAdapter[] = [otlpJsonAdapter, otelConsoleAdapter, jaegerAdapter];
