import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../electron/main/compliance/rule-packs';
import { scanStoredCall } from '../../electron/main/compliance/scan-service';
import { openDatabase } from '../../electron/main/db/open';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir } from '../helpers/call-fixture';

const SAMPLES = resolve(__dirname, '../../resources/samples');

describe('the bundled samples under the compliance scanner', () => {
  it('finds what is planted in the card payment call, from the real recognizer text', async () => {
    const db = openDatabase(join(tempDir(), 'store.db'));
    const report = await importPaths(db, [SAMPLES]);
    expect(report.failed).toEqual([]);
    expect(report.imported).toHaveLength(4);
    const { ruleSet } = loadRuleSet();
    const hits = scanStoredCall(db, 'sample-card-payment', ruleSet).hits.filter((h) => !h.duplicateOf);
    const categories = new Set(hits.map((h) => h.category));
    for (const c of ['pci.pan', 'pci.expiry', 'pci.cvv', 'pci.readback', 'pci.in_trace', 'disclosure.missing', 'injection.attempt']) {
      expect(categories, c).toContain(c);
    }
    // The agent refused the injection: no compliance with it.
    expect(categories).not.toContain('injection.complied');
    // Lists never show the digits.
    expect(hits.find((h) => h.category === 'pci.pan')!.text).not.toMatch(/4111/);
  });
});
