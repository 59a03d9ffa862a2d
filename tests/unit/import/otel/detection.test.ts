import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectTraceFormat } from '../../../../electron/main/import/formats/registry';
import { detectConsole, detectJaeger, detectOtlp, OTEL_TRACE_ADAPTERS } from '../../../../electron/main/import/formats/otel/otel-adapters';
import { sourceFileFromBytes } from '../../../../electron/main/import/source-file';
import { threeTurnCall } from '../../../helpers/call-fixture';
import { fixture, jsonFile, OTEL_FIXTURES, ROOT, textFile } from './helpers';

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

const EXPECTED: Record<string, string> = {
  'pipecat/otlp-1.7-reschedule.json': 'otlp-json',
  'pipecat/otlp-0.0.68-reschedule.json': 'otlp-json',
  'pipecat/collector/traces-2025-08-21T16-53-40.512.jsonl': 'otlp-json',
  'pipecat/collector/traces.jsonl': 'otlp-json',
  'pipecat/console-1.7-reschedule.log': 'otel-console',
  'pipecat/jaeger-1.7-reschedule.json': 'jaeger',
  'pipecat/otlp-anomalies.json': 'otlp-json',
  'pipecat/otlp-mixed-conversations.json': 'otlp-json',
  'livekit/otlp-1.2.json': 'otlp-json',
  'livekit/collector-1.7.jsonl': 'otlp-json',
  'generic/otlp-http-service.json': 'otlp-json',
};

describe('detecting OpenTelemetry containers from content', () => {
  it('every OTel fixture is claimed by the right adapter through the registry', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(walk(OTEL_FIXTURES).map((p) => relative(OTEL_FIXTURES, p)).sort());
    for (const [rel, id] of Object.entries(EXPECTED)) {
      expect({ rel, id: detectTraceFormat(fixture(rel))?.adapter.id }).toEqual({ rel, id });
    }
  });

  it('scores: framework markers near the start raise OTLP from 0.9 to 0.95', () => {
    expect(detectOtlp(fixture('pipecat/otlp-1.7-reschedule.json'))).toBe(0.95);
    expect(detectOtlp(fixture('livekit/collector-1.7.jsonl'))).toBe(0.95);
    expect(detectOtlp(fixture('generic/otlp-http-service.json'))).toBe(0.9);
    expect(detectConsole(fixture('pipecat/console-1.7-reschedule.log'))).toBe(0.95);
    expect(detectJaeger(fixture('pipecat/jaeger-1.7-reschedule.json'))).toBe(0.95);
  });

  it('the containers do not claim each other', () => {
    expect(detectConsole(fixture('pipecat/otlp-1.7-reschedule.json'))).toBe(0);
    expect(detectJaeger(fixture('pipecat/otlp-1.7-reschedule.json'))).toBe(0);
    expect(detectOtlp(fixture('pipecat/console-1.7-reschedule.log'))).toBe(0);
    expect(detectOtlp(fixture('pipecat/jaeger-1.7-reschedule.json'))).toBe(0);
  });

  it('a truncated OTLP file is still claimed, so the reader can say where it breaks', () => {
    const text = fixture('pipecat/otlp-1.7-reschedule.json').text();
    expect(detectOtlp(textFile('cut.json', text.slice(0, 5000)))).toBeGreaterThan(0.5);
  });

  it('returns 0 for a Turnscope call file, a Vapi call object and other JSON', () => {
    const samples = [
      jsonFile('call.json', threeTurnCall('c1')),
      jsonFile('vapi.json', { id: '8c1f2a', assistantId: 'a6d2', type: 'inboundPhoneCall', messages: [{ role: 'bot', message: 'Hi', time: 1755795002260, secondsFromStart: 1.1 }], artifact: { messages: [] } }),
      jsonFile('retell.json', { event: 'call_ended', call: { call_id: 'Jabr9T', transcript_object: [] } }),
      jsonFile('array.json', [{ traceId: 'x' }]),
      textFile('notes.txt', 'resourceSpans are described in the OTLP spec'),
      textFile('empty.json', ''),
      { path: 'bin.dat', bytes: Buffer.from([0, 1, 2, 0xff, 0x7b]), text: () => '', json: () => null },
    ];
    for (const f of samples) {
      for (const a of OTEL_TRACE_ADAPTERS) expect({ file: f.path, adapter: a.id, score: a.detect(f) }).toEqual({ file: f.path, adapter: a.id, score: 0 });
    }
  });

  it('returns 0 for every non-OTel fixture in the repository (other formats and ASR files)', () => {
    const others = walk(join(ROOT, 'tests/fixtures')).filter((p) => !p.startsWith(OTEL_FIXTURES) && /\.(json|jsonl|ndjson|txt|log)$/.test(p));
    for (const p of others) {
      const f = sourceFileFromBytes(p, readFileSync(p));
      for (const a of OTEL_TRACE_ADAPTERS) expect({ file: relative(ROOT, p), adapter: a.id, score: a.detect(f) }).toEqual({ file: relative(ROOT, p), adapter: a.id, score: 0 });
    }
  });
});
