import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/main/db/open';
import { getCallDetail } from '../../../../electron/main/db/queries/calls-read';
import { importPaths } from '../../../../electron/main/import/import-service';
import { tempDir } from '../../../helpers/call-fixture';
import { OTEL_FIXTURES } from './helpers';

let db: Db;

beforeEach(async () => {
  db = openDatabase(join(tempDir(), 'otel.db'));
});

describe('importing the OTel fixture folder through the import service', () => {
  it('stores every call with its format, turns, tool calls, spans and notes; re-import changes nothing', async () => {
    const report = (await importPaths(db, [OTEL_FIXTURES]));
    expect(report.failed).toEqual([]);
    const byId = new Map(report.imported.map((i) => [i.callId, i]));
    expect([...byId.keys()].sort()).toEqual([
      '0af7651916cd43dd8448eb211c80319c', 'AJ_7cTq2Lm', 'AJ_Vb83kQz', 'conv-2b91e0', 'conv-5c0d18', 'conv-7f3a2c', 'conv-91ab44', 'conv-a41d07',
      'conv-bad001', 'conv-e95c3b', 'conv-mix-a', 'conv-mix-b',
    ]);
    expect(byId.get('conv-a41d07')).toMatchObject({ format: 'otlp-json', turnCount: 5 });
    expect(byId.get('conv-91ab44')).toMatchObject({ format: 'jaeger', turnCount: 5 });
    // The console exporter's dump is a .log file: found in the folder by content, not extension.
    expect(byId.get('conv-5c0d18')).toMatchObject({ format: 'otel-console', turnCount: 5 });
    expect(byId.get('conv-bad001')!.warnings).toContain('turns lost: turn.number 3 missing from the trace');
    const detail = getCallDetail(db, 'conv-7f3a2c')!;
    expect(detail.sourceFormat).toBe('otlp-json:pipecat');
    expect(detail.turns[1]!.timings.endToEndMs).toBe(1970);
    expect(detail.turns[1]!.toolCalls[0]).toMatchObject({ name: 'lookup_appointment', arguments: { day: 'thursday' } });
    expect(detail.spans).toHaveLength(23);
    expect(detail.importNotes.some((n) => /Pipecat profile/.test(n.message))).toBe(true);
    const again = (await importPaths(db, [OTEL_FIXTURES]));
    expect(again.imported.every((i) => i.status === 'unchanged')).toBe(true);
  });
});
