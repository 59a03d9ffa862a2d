import { describe, expect, it } from 'vitest';
import { splitConcatenatedObjects } from '../../../../electron/main/import/formats/otel/console-exporter';
import { jaegerAdapter, otelConsoleAdapter, otlpJsonAdapter } from '../../../../electron/main/import/formats/otel/otel-adapters';
import { consoleSpan, jaegerDoc } from './fixture-gen/encode';
import { pipecatTrace, rescheduleCall } from './fixture-gen/pipecat-scenario';
import { fixture, jsonFile, messages, only, textFile, turnView } from './helpers';

describe('splitting concatenated pretty-printed objects', () => {
  it('respects braces and escaped quotes inside strings, and skips log lines between objects', () => {
    const text = [
      '2025-08-21 16:53:20.031 | INFO | task:_setup - starting {not json}',
      '{',
      '    "name": "llm",',
      '    "attributes": {"output": "curly } brace and \\"quoted {\\" text", "list": [1, {"a": "]"}]}',
      '}',
      'INFO other log line',
      '{"name": "tts", "attributes": {}}',
      '',
    ].join('\n');
    const split = splitConcatenatedObjects(text);
    expect(split.truncatedAt).toBeNull();
    expect(split.skippedLines).toBe(2);
    expect(split.objects.map((o) => o.line)).toEqual([2, 7]);
    expect(JSON.parse(split.objects[0]!.text)).toMatchObject({ name: 'llm', attributes: { output: 'curly } brace and "quoted {" text' } });
  });

  it('reports an object cut off at the end by the line it starts on', () => {
    expect(splitConcatenatedObjects('{"a": 1}\n{\n  "name": "llm",\n  "attributes": {').truncatedAt).toBe(2);
  });

  it('is iterative: a deeply nested object costs no stack', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const split = splitConcatenatedObjects(`{"x": ${deep}}\n`);
    expect(split.objects).toHaveLength(1);
  });
});

describe('Python console exporter output', () => {
  const reference = only(otlpJsonAdapter, [fixture('pipecat/otlp-1.7-reschedule.json')]);

  it('reads the Pipecat fixture (with log lines mixed in) into the same turns as OTLP/JSON', () => {
    const call = only(otelConsoleAdapter, [fixture('pipecat/console-1.7-reschedule.log')]);
    expect(call.externalId).toBe('conv-5c0d18');
    expect(call.sourceFormat).toBe('otel-console:pipecat');
    expect(turnView(call)).toEqual(turnView(reference));
    expect(call.turns.map((t) => t.timings)).toEqual(reference.turns.map((t) => t.timings));
    expect(messages(call)).toContain(`${fixture('pipecat/console-1.7-reschedule.log').path}: skipped 2 lines of non-span text between the span objects`);
  });

  it('accepts old SDK output: unprefixed parent ids, a flat resource, status.canonical_code', () => {
    const trace = pipecatTrace(rescheduleCall('1.7', 'console-old', 'conv-old-sdk'));
    const text = trace.spans.map((s) => {
      const o = JSON.parse(consoleSpan(s, trace)) as Record<string, unknown>;
      if (typeof o.parent_id === 'string') o.parent_id = o.parent_id.replace(/^0x/, '');
      o.resource = { 'service.name': 'dental-bot' };
      o.status = { canonical_code: 0 };
      return JSON.stringify(o, null, 4);
    }).join('\n');
    const call = only(otelConsoleAdapter, [textFile('old.log', text)]);
    expect(turnView(call)).toEqual(turnView(reference));
    expect(call.agent.name).toBe('dental-bot');
  });

  it('a truncated dump fails with the line where the cut object starts', () => {
    const text = fixture('pipecat/console-1.7-reschedule.log').text();
    const { calls, failed } = otelConsoleAdapter.read([textFile('/logs/cut.log', text.slice(0, text.length - 200))]);
    expect(calls).toEqual([]);
    expect(failed[0]!.error).toMatch(/^\/logs\/cut\.log: at line \d+: span object is cut off at the end of the file/);
  });

  it('a span without start_time refuses its call and names the object by line', () => {
    const text = fixture('pipecat/console-1.7-reschedule.log').text().replace(/\n {4}"start_time": "[^"]+",/, '');
    const { calls, failed } = otelConsoleAdapter.read([textFile('/logs/missing.log', text)]);
    expect(calls).toEqual([]);
    expect(failed[0]!.error).toMatch(/^\/logs\/missing\.log: at line 1, \$\.start_time: span has no start_time \(call with trace id [0-9a-f]{32} not imported\)$/);
  });
});

describe('Jaeger JSON download', () => {
  const reference = only(otlpJsonAdapter, [fixture('pipecat/otlp-1.7-reschedule.json')]);

  it('converts microsecond times, typed tags, CHILD_OF references and the process into the same call', () => {
    const call = only(jaegerAdapter, [fixture('pipecat/jaeger-1.7-reschedule.json')]);
    expect(call.sourceFormat).toBe('jaeger:pipecat');
    expect(call.externalId).toBe('conv-91ab44');
    expect(turnView(call)).toEqual(turnView(reference));
    expect(call.turns.map((t) => t.timings)).toEqual(reference.turns.map((t) => t.timings));
    expect(call.agent).toEqual({ name: 'dental-bot', version: '2.3.1' });
    const llm = call.spans.find((s) => s.name === 'llm')!;
    expect(llm.attributes['otel.scope']).toBe('pipecat');
    expect(llm.attributes['span.kind']).toBeUndefined();
    expect(llm.attributes['gen_ai.usage.input_tokens']).toBe(96);
  });

  it('accepts a bare trace object and int64 tags written as strings', () => {
    const trace = pipecatTrace(rescheduleCall('1.7', 'jaeger-bare', 'conv-bare'));
    const d = jaegerDoc(trace) as { data: { spans: { tags: { type: string; value: unknown }[] }[] }[] };
    for (const s of d.data[0]!.spans) for (const t of s.tags) if (t.type === 'int64') t.value = String(t.value);
    const call = only(jaegerAdapter, [jsonFile('bare.json', d.data[0])]);
    expect(call.turns).toHaveLength(5);
    expect(call.spans.find((s) => s.name === 'turn')!.attributes['turn.number']).toBe(1);
  });

  it('a span without startTime refuses its call with the JSON path', () => {
    const d = jaegerDoc(pipecatTrace(rescheduleCall('1.7', 'jaeger-bad', 'conv-bad'))) as { data: { spans: Record<string, unknown>[] }[] };
    delete d.data[0]!.spans[4]!.startTime;
    const { calls, failed } = jaegerAdapter.read([jsonFile('/dl/trace.json', d)]);
    expect(calls).toEqual([]);
    expect(failed[0]!.error).toMatch(/^\/dl\/trace\.json: at \$\.data\[0\]\.spans\[4\]\.startTime: span has no startTime/);
  });
});
