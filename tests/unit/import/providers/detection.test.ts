import { describe, expect, it } from 'vitest';
import { livekitReportAdapter } from '../../../../electron/main/import/formats/livekit-report/livekit-report-adapter';
import { detectTraceFormat } from '../../../../electron/main/import/formats/registry';
import { retellAdapter } from '../../../../electron/main/import/formats/retell/retell-adapter';
import type { SourceFile, TraceAdapter } from '../../../../electron/main/import/formats/trace-adapter';
import { vapiAdapter } from '../../../../electron/main/import/formats/vapi/vapi-adapter';
import { fixture, memoryFile } from './helpers';

const ADAPTERS: Record<string, TraceAdapter> = { livekit: livekitReportAdapter, vapi: vapiAdapter, retell: retellAdapter };

const FIXTURES: [owner: string, path: string][] = [
  ['livekit', 'livekit/session-1.7/session_report.json'],
  ['livekit', 'livekit/session-1.5/session_report.json'],
  ['livekit', 'livekit/session-1.3/session_report.json'],
  ['vapi', 'vapi/end-of-call-report-2025.json'],
  ['vapi', 'vapi/call-object-transfer.json'],
  ['vapi', 'vapi/call-2024-flat.json'],
  ['vapi', 'vapi/end-of-call-report-llm-failed.json'],
  ['retell', 'retell/call-analyzed-v5.json'],
  ['retell', 'retell/call-ended-event-type.json'],
  ['retell', 'retell/get-call-2024.json'],
];

const scores = (file: SourceFile): Record<string, number> =>
  Object.fromEntries(Object.entries(ADAPTERS).map(([name, a]) => [name, a.detect(file)]));

describe('provider detection from content', () => {
  it.each(FIXTURES)('%s claims %s and the others do not', (owner, path) => {
    const s = scores(fixture(path));
    expect(s[owner]).toBeGreaterThanOrEqual(0.7);
    for (const [name, score] of Object.entries(s)) if (name !== owner) expect([name, score]).toEqual([name, 0]);
  });

  it.each(FIXTURES)('the registry picks %s for %s', (owner, path) => {
    expect(detectTraceFormat(fixture(path))?.adapter).toBe(ADAPTERS[owner]);
  });

  it('ignores the file name: a Vapi body named session_report.json is still Vapi', () => {
    const renamed = memoryFile('session_report.json', fixture('vapi/end-of-call-report-2025.json').text());
    expect(scores(renamed)).toEqual({ livekit: 0, vapi: 1, retell: 0 });
  });

  it('leaves a Turnscope call file alone, even one that mentions provider keys', () => {
    const ours = memoryFile('a.call.json', {
      format: 'turnscope.call',
      version: 1,
      call: { id: 'call_1', metadata: { call_id: 'x', assistantId: 'y', chat_history: { items: [] }, transcript_object: [] } },
      turns: [{ index: 0, caller: { text: 'hi' } }],
    });
    expect(scores(ours)).toEqual({ livekit: 0, vapi: 0, retell: 0 });
  });

  it('leaves OTLP traces alone, LiveKit ones included', () => {
    const otlp = memoryFile('trace.json', {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'livekit-agents' } }] },
          scopeSpans: [
            {
              scope: { name: 'livekit-agents' },
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  name: 'agent_session',
                  startTimeUnixNano: '1755800001050000000',
                  endTimeUnixNano: '1755800037400000000',
                  attributes: [
                    { key: 'lk.job_id', value: { stringValue: 'AJ_Mq4v9RtYw2' } },
                    { key: 'lk.pii.chat_ctx', value: { stringValue: '{"chat_history":{"items":[]},"options":{}}' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(scores(otlp)).toEqual({ livekit: 0, vapi: 0, retell: 0 });
  });

  it('leaves other Vapi server messages and unrelated JSON alone', () => {
    expect(scores(memoryFile('status.json', { message: { type: 'status-update', status: 'in-progress', call: { id: 'c1' } } }))).toEqual({ livekit: 0, vapi: 0, retell: 0 });
    expect(scores(memoryFile('list.json', [{ call_id: 'x' }]))).toEqual({ livekit: 0, vapi: 0, retell: 0 });
    expect(scores(memoryFile('garbage.bin', Buffer.from([0, 1, 2, 255]).toString('latin1')))).toEqual({ livekit: 0, vapi: 0, retell: 0 });
  });

  it('claims its own truncated files at 0.5 so the syntax error is reported, and only its own', () => {
    for (const [owner, path] of FIXTURES.filter((_, i) => i % 3 === 0)) {
      const text = fixture(path).text();
      const s = scores(memoryFile('cut.json', text.slice(0, Math.floor(text.length * 0.6))));
      expect([path, s[owner]]).toEqual([path, 0.5]);
      for (const [name, score] of Object.entries(s)) if (name !== owner) expect([path, name, score]).toEqual([path, name, 0]);
    }
  });
});
