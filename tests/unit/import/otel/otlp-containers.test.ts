import { describe, expect, it } from 'vitest';
import { otlpJsonAdapter, readOtelFiles } from '../../../../electron/main/import/formats/otel/otel-adapters';
import { readOtlpFile } from '../../../../electron/main/import/formats/otel/otlp-json';
import { sourceFileFromBytes } from '../../../../electron/main/import/source-file';
import { byEnd, tracesData } from './fixture-gen/encode';
import { hoursCall, pipecatTrace, rescheduleCall } from './fixture-gen/pipecat-scenario';
import { fixture, jsonFile, messages, only, readCalls, textFile, turnView } from './helpers';

const reschedule = pipecatTrace(rescheduleCall('1.7', 'unit-a', 'conv-unit-a'));
const hours = pipecatTrace(hoursCall('1.7', 'unit-b', 'conv-unit-b'));
type Doc = Record<string, unknown> & { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
const doc = (spans = reschedule.spans): Doc => tracesData(reschedule, byEnd(spans)) as Doc;

describe('OTLP/JSON documents', () => {
  it('reads the pretty-printed Pipecat 1.7 fixture: 5 turns, times in ms from the first span', () => {
    const call = only(otlpJsonAdapter, [fixture('pipecat/otlp-1.7-reschedule.json')]);
    expect(call.sourceFormat).toBe('otlp-json:pipecat');
    expect(call.startedAt).toBe('2025-08-21T16:53:20.000Z');
    expect(call.durationMs).toBe(41500);
    expect(call.turns).toHaveLength(5);
    expect(call.spans).toHaveLength(23);
  });

  it('tolerates enum names, numeric nanos, snake_case keys, instrumentationLibrarySpans and base64 ids', () => {
    const d = doc();
    const rs = d.resourceSpans[0]!;
    const old = {
      resource_spans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'dental-bot' } }] },
        instrumentationLibrarySpans: rs.scopeSpans.map((ss) => ({
          instrumentationLibrary: { name: 'pipecat' },
          spans: ss.spans.map((s) => ({
            ...s,
            kind: 'SPAN_KIND_INTERNAL',
            startTimeUnixNano: Number(s.startTimeUnixNano),
            traceId: Buffer.from(s.traceId as string, 'hex').toString('base64'),
            spanId: Buffer.from(s.spanId as string, 'hex').toString('base64'),
            ...(s.parentSpanId ? { parentSpanId: Buffer.from(s.parentSpanId as string, 'hex').toString('base64') } : {}),
          })),
        })),
      }],
    };
    const call = only(otlpJsonAdapter, [jsonFile('old.json', old)]);
    const reference = only(otlpJsonAdapter, [jsonFile('new.json', d)]);
    expect(turnView(call)).toEqual(turnView(reference));
    expect(call.metadata.traceId).toBe(reference.metadata.traceId);
    const notes = messages(call).join('\n');
    expect(notes).toMatch(/ids were base64/);
    expect(notes).toMatch(/instrumentationLibrarySpans/);
    expect(notes).toMatch(/snake_case OTLP keys/);
  });

  it('returns one call per trace when a file holds several', () => {
    const both = { resourceSpans: [...doc().resourceSpans, ...(tracesData(hours, hours.spans) as Doc).resourceSpans] };
    const { calls, failed } = readCalls(otlpJsonAdapter, [jsonFile('two.json', both)]);
    expect(failed).toEqual([]);
    expect([...calls.keys()].sort()).toEqual(['conv-unit-a', 'conv-unit-b']);
  });

  it('ignores unknown fields and empty status/scope objects', () => {
    const d = doc();
    for (const ss of d.resourceSpans[0]!.scopeSpans) {
      (ss as Record<string, unknown>).scope = {};
      for (const s of ss.spans) Object.assign(s, { status: {}, nameStrindex: 3, droppedAttributesCount: 0 });
    }
    expect(only(otlpJsonAdapter, [jsonFile('extra.json', d)]).turns).toHaveLength(5);
  });
});

describe('Collector file exporter JSON Lines', () => {
  it('merges two files of shuffled batches into two interleaved calls, grouped by trace id', () => {
    const files = [fixture('pipecat/collector/traces-2025-08-21T16-53-40.512.jsonl'), fixture('pipecat/collector/traces.jsonl')];
    const { calls, failed } = readCalls(otlpJsonAdapter, files);
    expect(failed).toEqual([]);
    expect([...calls.keys()].sort()).toEqual(['conv-a41d07', 'conv-e95c3b']);
    const a = calls.get('conv-a41d07')!;
    const b = calls.get('conv-e95c3b')!;
    expect(a.sourceFormat).toBe('otlp-jsonl:pipecat');
    expect(a.turns).toHaveLength(5);
    expect(b.turns).toHaveLength(3);
    expect(b.turns[1]!.caller?.text).toBe('What time do you open on Saturday?');
    expect(a.spans.length + b.spans.length).toBe(37 + 14);
    // Each call's spans came from both files.
    expect(messages(a).some((m) => /from 2 file\(s\)/.test(m))).toBe(true);
  });

  it('one file alone yields partial calls, never another call\'s spans', () => {
    const { calls } = readCalls(otlpJsonAdapter, [fixture('pipecat/collector/traces.jsonl')]);
    for (const call of calls.values()) {
      const traceId = call.metadata.traceId;
      expect(call.spans.every((s) => s.spanId !== null)).toBe(true);
      expect(typeof traceId).toBe('string');
    }
  });

  it('a truncated last line fails with its line number; the other lines still import, with a warning', () => {
    const lines = byEnd(reschedule.spans).map((s) => JSON.stringify(tracesData(reschedule, [s])));
    const text = `${lines.join('\n')}\n${lines[0]!.slice(0, 80)}`;
    const { calls, failed } = readCalls(otlpJsonAdapter, [textFile('/data/cut.jsonl', text)]);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.path).toBe('/data/cut.jsonl');
    expect(failed[0]!.error).toMatch(new RegExp(`^/data/cut\\.jsonl: at line ${lines.length + 1}: invalid JSON`));
    const call = calls.get('conv-unit-a')!;
    expect(call.turns).toHaveLength(5);
    expect(messages(call, 'warning').some((m) => /could not be read .*may be missing spans/.test(m))).toBe(true);
  });
});

describe('bad input', () => {
  it('truncated OTLP/JSON fails with line and column and no calls', () => {
    const text = JSON.stringify(doc(), null, 2);
    const { calls, failed } = otlpJsonAdapter.read([textFile('/in/cut.json', text.slice(0, text.length / 2))]);
    expect(calls).toEqual([]);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(/^\/in\/cut\.json: at line \d+, column \d+: invalid JSON/);
  });

  it('a span missing startTimeUnixNano refuses only its call, naming the JSON path', () => {
    const both = { resourceSpans: [...doc().resourceSpans, ...(tracesData(hours, hours.spans) as Doc).resourceSpans] };
    delete both.resourceSpans[1]!.scopeSpans[0]!.spans[2]!.startTimeUnixNano;
    const { calls, failed } = readCalls(otlpJsonAdapter, [jsonFile('/in/two.json', both)]);
    expect([...calls.keys()]).toEqual(['conv-unit-a']);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(/^\/in\/two\.json: at \$\.resourceSpans\[1\]\.scopeSpans\[0\]\.spans\[2\]\.startTimeUnixNano: span has no startTimeUnixNano \(call with trace id [0-9a-f]{32} not imported\)$/);
  });

  it('a bad span in the second file of a trace names that file and refuses the whole call', () => {
    const spans = byEnd(reschedule.spans);
    const first = tracesData(reschedule, spans.slice(0, 10));
    const second = tracesData(reschedule, spans.slice(10)) as Doc;
    second.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.spanId = 'zz';
    const { calls, failed } = otlpJsonAdapter.read([jsonFile('/c/a.jsonl', first), jsonFile('/c/b.jsonl', second)]);
    expect(calls).toEqual([]);
    expect(failed).toEqual([{ path: '/c/b.jsonl', error: expect.stringMatching(/^\/c\/b\.jsonl: at \$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.spanId: "zz" is not an 8-byte id/) }]);
  });

  it('wrong types: a string where spans must be an array fails the file with its path', () => {
    const d = doc() as unknown as { resourceSpans: { scopeSpans: { spans: unknown }[] }[] };
    d.resourceSpans[0]!.scopeSpans[0]!.spans = 'oops';
    const { failed } = otlpJsonAdapter.read([jsonFile('/in/types.json', d)]);
    expect(failed[0]!.error).toBe('/in/types.json: at $.resourceSpans[0].scopeSpans[0].spans: must be an array');
  });

  it('a span name of the wrong type names the span', () => {
    const d = doc();
    d.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name = 17;
    const { failed } = otlpJsonAdapter.read([jsonFile('/in/name.json', d)]);
    expect(failed[0]!.error).toMatch(/at \$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: name must be a string/);
  });

  it('refuses a call above the span limit with a clear message and keeps memory bounded', () => {
    const files = [fixture('pipecat/otlp-1.7-reschedule.json')];
    const { calls, failed } = readOtelFiles(files, readOtlpFile, 'otlp-json', { maxSpansPerCall: 10, maxValueDepth: 64 });
    expect(calls).toEqual([]);
    expect(failed[0]!.error).toMatch(/has more than 10 spans; refusing to import it as one call/);
  });

  it('a nested-kvlist bomb is refused as that call\'s error, not a stack overflow', () => {
    const d = doc();
    (d.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes as unknown[]).push({ key: 'bomb', value: 'BOMB' });
    const depth = 5000;
    const bomb = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth)}{"stringValue":"x"}${'}]}}'.repeat(depth)}`;
    const text = JSON.stringify(d).replace('"value":"BOMB"', `"value":${bomb}`);
    const { calls, failed } = otlpJsonAdapter.read([textFile('/in/bomb.json', text)]);
    expect(calls).toEqual([]);
    expect(failed[0]!.error).toMatch(/\/in\/bomb\.json: at \$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes\[\d+\]\.value(\.kvlistValue\.values\[0\]\.value|\.kvlistValue|\.values|\[0\])+: (attribute value )?nested deeper than (64|256) levels/);
  });

  it('binary garbage and invalid UTF-8 fail the file with a clear reason', () => {
    const garbage = Buffer.concat([Buffer.from('{"resourceSpans":[{"x":"'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from('"}]}')]);
    const { failed } = otlpJsonAdapter.read([sourceFileFromBytes('/in/bin.json', garbage)]);
    expect(failed).toEqual([{ path: '/in/bin.json', error: '/in/bin.json: not valid UTF-8 text (binary data or another encoding) at byte 24' }]);
  });

  it('a JSON Lines file with an undecodable line names the line', () => {
    const good = JSON.stringify(tracesData(reschedule, reschedule.spans));
    const bytes = Buffer.concat([Buffer.from(`${good}\n`), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from(`${good}\n`)]);
    const { failed } = otlpJsonAdapter.read([sourceFileFromBytes('/in/bad.jsonl', bytes)]);
    expect(failed.map((f) => f.error)).toEqual([expect.stringMatching(/^\/in\/bad\.jsonl: at line 2: not valid UTF-8 text/)]);
  });
});
