import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ftsQuery, searchCalls } from '../../electron/main/db/queries/call-search';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../helpers/call-fixture';

let db: Db;

beforeAll(async () => {
  const dir = tempDir();
  db = openDatabase(join(dir, 'store.db'));
  for (let i = 0; i < 12; i++) {
    const call = threeTurnCall(`lib-${String(i).padStart(2, '0')}`);
    call.call.startedAt = `2026-01-${String(i + 1).padStart(2, '0')}T10:00:00Z`;
    if (i % 3 === 0) call.call.outcome = 'escalated';
    if (i === 7) call.turns[1]!.caller!.text = 'I want to cancel my subscription';
    if (i !== 4) delete call.turns[2]!.timings; // only lib-04 keeps the critical 1500 ms turn
    writeCallWithRecording(dir, call);
  }
  expect((await importPaths(db, [dir])).failed).toEqual([]);
});

describe('the call library query', () => {
  it('pages newest first and counts the whole match', () => {
    const page = searchCalls(db, { limit: 5, offset: 0 });
    expect(page.total).toBe(12);
    expect(page.calls.map((c) => c.id)).toEqual(['lib-11', 'lib-10', 'lib-09', 'lib-08', 'lib-07']);
    expect(searchCalls(db, { limit: 5, offset: 10 }).calls.map((c) => c.id)).toEqual(['lib-01', 'lib-00']);
  });

  it('finds calls by what was said (word prefixes, any case) and by the start of the id', () => {
    expect(searchCalls(db, { text: 'Subscript' }).calls.map((c) => c.id)).toEqual(['lib-07']);
    expect(searchCalls(db, { text: 'cancel SUBSCRIPTION' }).total).toBe(1);
    expect(searchCalls(db, { text: 'lib-1' }).calls.map((c) => c.id)).toEqual(['lib-11', 'lib-10']);
    expect(searchCalls(db, { text: 'zebra' }).total).toBe(0);
    // FTS syntax in user text is taken literally, not as operators.
    expect(() => searchCalls(db, { text: 'balance" OR "x* NEAR(' })).not.toThrow();
    expect(ftsQuery('he said "hi"')).toBe('"he"* "said"* "hi"*');
  });

  it('filters by outcome and by finding, and reports facets over the whole store', () => {
    const escalated = searchCalls(db, { outcome: 'escalated' });
    expect(escalated.calls.map((c) => c.id).sort()).toEqual(['lib-00', 'lib-03', 'lib-06', 'lib-09']);
    expect(searchCalls(db, { flagKind: 'latency_critical' }).calls.map((c) => c.id)).toEqual(['lib-04']);
    expect(escalated.facets.outcomes).toEqual({ escalated: 4, resolved: 8 });
    expect(escalated.facets.flagKinds.latency_critical).toBe(1);
    const row = searchCalls(db, { text: 'lib-04' }).calls[0]!;
    expect(row).toMatchObject({ id: 'lib-04', criticalFlags: 1, p95LatencyMs: 1500 });
  });
});

describe('fleet metrics over a selection', () => {
  it('sums the selected calls before computing rates and nearest-rank percentiles', async () => {
    const { fleetMetricsFor } = await import('../../electron/main/analysis/fleet');
    // lib-04 kept turn 2 (1500 ms) and turn 1 (380 ms derived); the other calls have only turn 1 (380 ms).
    const one = fleetMetricsFor(db, { text: 'lib-04' });
    expect(one.calls).toBe(1);
    expect(one.latency.endToEndMs).toMatchObject({ count: 2, p50: 380, p95: 1500, max: 1500 });
    const all = fleetMetricsFor(db, {});
    expect(all.calls).toBe(12);
    // 13 samples: twelve 380 ms and one 1500 ms. Nearest rank: P90 = 12th value = 380, P99 = 13th = 1500.
    expect(all.latency.endToEndMs).toMatchObject({ count: 13, p90: 380, p99: 1500 });
    expect(all.metrics.escalationRate.value).toBeCloseTo(4 / 12, 10);
  });
});
