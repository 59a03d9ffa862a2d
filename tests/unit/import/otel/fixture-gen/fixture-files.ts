import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { byEnd, consoleSpan, type GenSpan, type GenTrace, jaegerDoc, tracesData } from './encode';
import { liveKitTrace } from './livekit-scenario';
import { hoursCall, pipecatTrace, rescheduleCall } from './pipecat-scenario';

/**
 * Every fixture under tests/fixtures/traces/otel, generated from the scenario scripts so the same
 * conversation can be checked across containers. `npx tsx tests/unit/import/otel/fixture-gen/fixture-files.ts`
 * rewrites them; a unit test fails when the files on disk drift from this source.
 */

export const FIXTURE_DIR = 'tests/fixtures/traces/otel';

const pretty = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Collector lines: one process serves both calls (same resource and t0), so each batch mixes their spans in
 * export (end) order; lines are then shuffled, as the exporter gives no ordering guarantee.
 */
function collectorLines(traces: GenTrace[], batch: number): string[] {
  const all = byEnd(traces.flatMap((t) => t.spans));
  const lines = chunk(all, batch).map((spans) => JSON.stringify(tracesData(traces[0]!, spans)));
  for (let i = 0; i + 1 < lines.length; i += 3) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
  return lines;
}

const LOG_LINES = [
  '2025-08-21 16:53:20.031 | INFO     | pipecat.pipeline.task:_setup:211 - PipelineTask#0: starting. Waiting for StartFrame#0 to reach the end of the pipeline...',
  "2025-08-21 16:53:26.352 | DEBUG    | pipecat.services.openai.base_llm:_stream_chat_completions:318 - OpenAILLMService#0: Generating chat [{'role': 'system', 'content': 'You are Ava'}]",
];

function consoleText(trace: GenTrace): string {
  const objects = byEnd(trace.spans).map((s) => consoleSpan(s, trace));
  objects.splice(3, 0, LOG_LINES[0]!);
  objects.splice(11, 0, LOG_LINES[1]!);
  return `${objects.join('\n')}\n`;
}

/** Turn 3's span lost (its children hang off the conversation), and a tts span that ends before it starts. */
function anomalies(): GenTrace {
  const t = pipecatTrace(rescheduleCall('1.7', 'pcBad', 'conv-bad001'));
  const conv = t.spans.find((s) => s.name === 'conversation')!;
  const lost = t.spans.find((s) => s.name === 'turn' && s.attrs['turn.number'] === 3)!;
  const spans = t.spans.filter((s) => s !== lost).map((s) => (s.parentId === lost.spanId ? { ...s, parentId: conv.spanId } : s));
  const lastTts = spans.filter((s) => s.name === 'tts').pop()!;
  return { ...t, spans: spans.map((s) => (s === lastTts ? { ...s, start: s.end + 0.4 } : s)) };
}

/** Two conversations' spans exported under one trace id (pipecat#2202). */
function mixed(): GenTrace {
  const a = pipecatTrace(rescheduleCall('1.7', 'pcMixA', 'conv-mix-a'));
  const b = pipecatTrace(hoursCall('1.7', 'pcMixB', 'conv-mix-b'));
  const traceId = a.spans[0]!.traceId;
  return { ...a, spans: [...a.spans, ...b.spans.map((s) => ({ ...s, traceId }))] };
}

function genericTrace(): GenTrace {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const s = (spanId: string, parentId: string | null, name: string, start: number, end: number, kind: number, attrs: Record<string, string | number>): GenSpan =>
    ({ traceId, spanId, parentId, name, scope: 'opentelemetry.instrumentation.flask', start, end, kind, attrs });
  return {
    t0: 1755790000,
    resource: { 'service.name': 'billing-api', 'service.version': '4.1.0' },
    spans: [
      s('b7ad6b7169203331', null, 'GET /invoices/{id}', 0, 0.184, 2, { 'http.request.method': 'GET', 'http.route': '/invoices/{id}', 'http.response.status_code': 200 }),
      s('5fb397be34d26b51', 'b7ad6b7169203331', 'postgresql.query', 0.012, 0.097, 3, { 'db.system': 'postgresql', 'db.operation.name': 'select' }),
      s('2f2e2b8a1d0c4e11', 'b7ad6b7169203331', 'render_invoice', 0.1, 0.176, 1, { 'invoice.lines': 14 }),
    ],
  };
}

export function fixtureFiles(): Record<string, string> {
  const collector = collectorLines([pipecatTrace(rescheduleCall('0.0.104', 'pcA', 'conv-a41d07')), pipecatTrace(hoursCall('0.0.104', 'pcB', 'conv-e95c3b'))], 4);
  const split = Math.ceil(collector.length * 0.6);
  const pc17 = pipecatTrace(rescheduleCall('1.7', 'pc17', 'conv-7f3a2c'));
  const pc068 = pipecatTrace(rescheduleCall('0.0.68', 'pc068', 'conv-2b91e0'));
  const lk12 = liveKitTrace('1.2', 'lk12', 'AJ_7cTq2Lm');
  const lk17 = liveKitTrace('1.7', 'lk17', 'AJ_Vb83kQz');
  return {
    'pipecat/otlp-1.7-reschedule.json': pretty(tracesData(pc17, byEnd(pc17.spans))),
    'pipecat/otlp-0.0.68-reschedule.json': pretty(tracesData(pc068, byEnd(pc068.spans), { enumNames: true, numericTimes: true })),
    'pipecat/collector/traces-2025-08-21T16-53-40.512.jsonl': `${collector.slice(0, split).join('\n')}\n`,
    'pipecat/collector/traces.jsonl': `${collector.slice(split).join('\n')}\n`,
    'pipecat/console-1.7-reschedule.log': consoleText(pipecatTrace(rescheduleCall('1.7', 'pcCon', 'conv-5c0d18'))),
    'pipecat/jaeger-1.7-reschedule.json': pretty(jaegerDoc(pipecatTrace(rescheduleCall('1.7', 'pcJ', 'conv-91ab44')))),
    'pipecat/otlp-anomalies.json': pretty(tracesData(anomalies(), byEnd(anomalies().spans))),
    'pipecat/otlp-mixed-conversations.json': pretty(tracesData(mixed(), byEnd(mixed().spans))),
    'livekit/otlp-1.2.json': pretty(tracesData(lk12, byEnd(lk12.spans))),
    'livekit/collector-1.7.jsonl': `${chunk(byEnd(lk17.spans), 6).map((spans) => JSON.stringify(tracesData(lk17, spans))).join('\n')}\n`,
    'generic/otlp-http-service.json': pretty(tracesData(genericTrace(), genericTrace().spans)),
  };
}

if (process.argv[1]?.endsWith('fixture-files.ts')) {
  for (const [rel, text] of Object.entries(fixtureFiles())) {
    const path = join(FIXTURE_DIR, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
