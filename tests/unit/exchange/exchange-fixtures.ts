/** Calls the exchange tests write out: the billing sample from a store, and one full of edge cases. */
import { join, resolve } from 'node:path';
import { getCallWithAnalysis } from '../../../electron/main/analysis/call-with-analysis';
import { openDatabase } from '../../../electron/main/db/open';
import { importPaths } from '../../../electron/main/import/import-service';
import type { Turn } from '../../../shared/model/call';
import type { CallDetail } from '../../../shared/model/dto';

export async function billingDispute(): Promise<CallDetail> {
  const db = openDatabase(':memory:');
  try {
    await importPaths(db, [join(resolve(__dirname, '../../..'), 'resources/samples/billing-dispute.call.json')], { archivesDir: '/nonexistent-unused' });
    return getCallWithAnalysis(db, 'sample-billing-dispute')!;
  } finally {
    db.close();
  }
}

const t = (index: number, over: Partial<Turn>): Turn => ({
  index, caller: null, agent: null, referenceText: null, intent: null, expectedIntent: null,
  timings: { sttMs: null, llmMs: null, ttsMs: null, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null }, toolCalls: [], ...over,
});

/** Overlapping speech and words, a zero-length flag, untimed items, markup, quotes and formula-like text. */
export function edgeCaseCall(): CallDetail {
  return {
    id: 'edge <&> "call"', sourceFormat: 'test', agent: { name: null, version: null }, startedAt: null, durationMs: 9000, outcome: 'unknown',
    turnCount: 3, flagCount: 3, importedAt: '2026-01-01T00:00:00Z', externalId: null, sourcePath: null, contentHash: 'h', endedReason: null,
    recordings: [], spans: [], importNotes: [], analysis: null,
    turns: [
      t(0, { agent: { text: 'Hello --> "world" & <friends>', startMs: 100, endMs: 1500.4, words: [] } }),
      t(1, {
        caller: {
          text: '=HYPERLINK("x") says, hi\nthere', startMs: 1400, endMs: 3000,
          words: [
            { text: 'says', startMs: 1400, endMs: 2000, confidence: 0.9 },
            { text: 'hi', startMs: 1900, endMs: 2500, confidence: 0.9 },
            { text: 'there', startMs: null, endMs: null, confidence: null },
          ],
        },
        referenceText: '=HYPERLINK("x") says hi there',
        agent: { text: 'untimed reply', startMs: null, endMs: null, words: [] },
        timings: { sttMs: 100, llmMs: 200, ttsMs: 50, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null },
        toolCalls: [
          { id: null, name: 'a_tool', arguments: {}, result: null, startMs: 3100, endMs: 3500 },
          { id: null, name: 'b_tool', arguments: {}, result: null, startMs: 3200, endMs: 3300 },
        ],
      }),
      t(2, { caller: { text: '', startMs: 5000, endMs: 5000, words: [] }, agent: { text: 'bye', startMs: 6000, endMs: 7000, words: [] } }),
    ],
    flags: [
      { id: 1, kind: 'latency_warning', severity: 'warning', turnIndex: 1, startMs: 3000, endMs: 3000, detail: 'instant', evidence: {}, source: 'analysis' },
      { id: 2, kind: 'fallback', severity: 'warning', turnIndex: 1, startMs: 1000, endMs: 4000, detail: 'wide', evidence: {}, source: 'analysis' },
      { id: 3, kind: 'low_confidence', severity: 'critical', turnIndex: 1, startMs: 2000, endMs: 2500, detail: 'inside "quotes"', evidence: {}, source: 'analysis' },
      { id: 4, kind: 'escalation', severity: 'info', turnIndex: null, startMs: null, endMs: null, detail: 'untimed', evidence: {}, source: 'analysis' },
    ],
  };
}
