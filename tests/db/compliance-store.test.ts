/**
 * Scans in the store: a scan is stored with its packs and hashes, a re-scan replaces it, reviewers'
 * decisions survive re-scans and re-imports, lists leave duplicates out, no secret is stored.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../electron/main/compliance/rule-packs';
import { reviewHit, scanStoredCall } from '../../electron/main/compliance/scan-service';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { listHits, readLatestScan } from '../../electron/main/db/queries/compliance-read';
import { ReviewError } from '../../electron/main/db/queries/compliance-write';
import { importPaths } from '../../electron/main/import/import-service';
import type { CallFileV1 } from '../../shared/format/call-file-v1';
import { tempDir } from '../helpers/call-fixture';

const RULES = resolve(__dirname, '../../resources/rules');
const ruleSet = loadRuleSet({ builtInDir: RULES, userDir: null }).ruleSet;

function paymentCall(callerText = 'sure it is 4111 1111 1111 1111'): CallFileV1 {
  return {
    format: 'turnscope.call',
    version: 1,
    call: { id: 'pay-1', outcome: 'resolved' },
    turns: [
      { index: 0, agent: { text: 'Hello, how can I help?', startMs: 0, endMs: 2000 } },
      { index: 1, caller: { text: 'I want to pay', startMs: 2500, endMs: 3500 }, agent: { text: 'What is the card number?', startMs: 4000, endMs: 5000 } },
      { index: 2, caller: { text: callerText, startMs: 5500, endMs: 9000 }, reference: 'Sure, it is 4111-1111-1111-1111.', agent: { text: 'And your social security number?', startMs: 9500, endMs: 11000 } },
      { index: 3, caller: { text: '123-45-6789', startMs: 11500, endMs: 13000 }, agent: { text: 'Thanks.', startMs: 13500, endMs: 14000 } },
    ],
  };
}

let dir: string;
let db: Db;
const importCall = async (c: CallFileV1): Promise<void> => {
  const p = join(dir, 'pay-1.call.json');
  writeFileSync(p, JSON.stringify(c));
  const r = await importPaths(db, [p]);
  expect(r.failed).toEqual([]);
};

beforeEach(async () => {
  dir = tempDir('turnscope-compliance-db-');
  db = openDatabase(join(dir, 'store.db'));
  await importCall(paymentCall());
});
afterEach(() => db.close());

describe('compliance scans in the store', () => {
  it('stores the scan with its packs, lists hits without duplicates, stores no secret', () => {
    const r = scanStoredCall(db, 'pay-1', ruleSet);
    expect(r.hits.map((h) => [h.category, h.turnIndex, h.status])).toEqual([
      ['disclosure.missing', 0, 'open'], ['pci.pan', 2, 'open'], ['phi.ssn', 3, 'open'],
    ]);
    expect(r.drafts.length).toBeGreaterThan(r.hits.length);
    expect(listHits(db, { callId: 'pay-1', includeDuplicates: true })).toHaveLength(r.drafts.length);
    const scan = readLatestScan(db, 'pay-1')!;
    expect(scan.rulePacks).toEqual(ruleSet.packs);
    expect(scan.ruleSetHash).toBe(ruleSet.hash);
    const dump = JSON.stringify(db.prepare('SELECT * FROM compliance_hits').all()) + JSON.stringify(db.prepare('SELECT * FROM compliance_scans').all());
    expect(dump).not.toMatch(/4111111111111111|4111-1111|123456789|123-45-6789/);
  });

  it('a reviewer decision survives a re-scan and a re-import; a changed finding starts open', async () => {
    scanStoredCall(db, 'pay-1', ruleSet);
    const pan = listHits(db, { callId: 'pay-1', categories: ['pci.pan'] })[0]!;
    const ssn = listHits(db, { callId: 'pay-1', categories: ['phi.ssn'] })[0]!;
    expect(() => reviewHit(db, { callId: 'pay-1', hitId: pan.id, status: 'dismissed' })).toThrow(ReviewError);
    reviewHit(db, { callId: 'pay-1', hitId: pan.id, status: 'dismissed', reason: 'test card from QA', reviewer: 'ana' });
    reviewHit(db, { callId: 'pay-1', fingerprint: ssn.fingerprint, status: 'confirmed', reviewer: 'ana' });

    const again = scanStoredCall(db, 'pay-1', ruleSet);
    expect(again.hits.find((h) => h.category === 'pci.pan')).toMatchObject({ status: 'dismissed', reason: 'test card from QA', reviewer: 'ana' });
    expect(again.hits.find((h) => h.category === 'phi.ssn')).toMatchObject({ status: 'confirmed' });
    expect(listHits(db, { callId: 'pay-1', statuses: ['open'] }).map((h) => h.category)).toEqual(['disclosure.missing']);

    // Re-import with new content elsewhere in the call: the call row is replaced, decisions stay.
    await importCall({ ...paymentCall(), turns: [...paymentCall().turns, { index: 4, caller: { text: 'bye' } }] });
    // The import scanned the new content itself, and the reviewer's decision carried over.
    expect(readLatestScan(db, 'pay-1')).not.toBeNull();
    expect(listHits(db, { callId: 'pay-1' }).find((h) => h.category === 'pci.pan')?.status).toBe('dismissed');
    const rescanned = scanStoredCall(db, 'pay-1', ruleSet);
    expect(rescanned.hits.find((h) => h.category === 'pci.pan')?.status).toBe('dismissed');

    // A different card in that turn is a different finding.
    await importCall(paymentCall('sure it is 5555 5555 5555 4444'));
    expect(scanStoredCall(db, 'pay-1', ruleSet).hits.find((h) => h.category === 'pci.pan')?.status).toBe('open');
  });

  it('refuses a review of a hit that does not exist', () => {
    scanStoredCall(db, 'pay-1', ruleSet);
    expect(() => reviewHit(db, { callId: 'pay-1', hitId: 999, status: 'confirmed' })).toThrow(/no compliance hit/);
  });
});
