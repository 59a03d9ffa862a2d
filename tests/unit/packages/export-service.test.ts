/** The services the export dialog calls: preview (defaults to show and edit), then export with the edited copy. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/open';
import { listPackages } from '../../../electron/main/db/queries/packages-read';
import { exportPackage, previewPackage } from '../../../electron/main/packages/export-service';
import { ExportInputError } from '../../../electron/main/packages/prepare-call';
import { ExpectationsError } from '../../../shared/packages/overrides';
import { BILLING_ID, BILLING_TRACE, builtInRules, storeWith } from './package-fixtures';

let db: Db;
let dir: string;
const ruleSet = builtInRules();

beforeAll(async () => {
  ({ db, dir } = await storeWith([BILLING_TRACE]));
});
afterAll(() => db.close());

describe('export services for the app', () => {
  it('previews the default selection, its reasons and expectations', () => {
    const p = previewPackage(db, BILLING_ID, { ruleSet });
    expect(p.turns).toEqual([1, 2, 3, 4, 5]);
    expect(p.availableTurns).toEqual([0, 1, 2, 3, 4, 5]);
    expect(p.reasons.filter((r) => r.severity === 'critical').map((r) => r.kind)).toEqual(['high_wer', 'latency_critical', 'hallucination_run', 'low_confidence']);
    expect(p.expectations.turns.map((t) => t.turnIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(p.assertionCount).toBe(49);
    expect(() => previewPackage(db, BILLING_ID, { ruleSet, turns: [42] })).toThrow(ExportInputError);
    expect(() => previewPackage(db, 'nope', { ruleSet })).toThrow(/no call with id "nope"/);
  });

  it("exports the app's edited expectations as they are, and lists the package in the store", async () => {
    const p = previewPackage(db, BILLING_ID, { ruleSet, turns: [3, 4] });
    const edited = structuredClone(p.expectations);
    edited.turns[0]!.latency!.maxEndToEndMs = 800;
    edited.turns[0]!.latency!.basis = 'our SLA is 800 ms';
    edited.turns = edited.turns.filter((t) => t.turnIndex === 3);
    const r = await exportPackage(db, BILLING_ID, join(dir, 'edited.zip'), { ruleSet, toolVersion: 'test', turns: [3, 4], expectations: edited, title: 'Late fee: slow LLM', note: 'from QA review' });
    expect(r.manifest.expectations.turns[0]!.latency).toMatchObject({ maxEndToEndMs: 800, basis: 'our SLA is 800 ms' });
    // Turn 4 is selected but was given no expectations: only its match is asserted.
    expect(r.manifest.expectations.turns[1]).toMatchObject({ turnIndex: 4, transcript: null, intent: null });
    expect(r.manifest.selection.note).toBe('from QA review');
    expect(listPackages(db, BILLING_ID).map((x) => [x.title, x.turns, x.sourceCallStored])).toContainEqual(['Late fee: slow LLM', [3, 4], true]);
  });

  it('refuses edited expectations that are invalid or name a turn that is not selected', async () => {
    const p = previewPackage(db, BILLING_ID, { ruleSet, turns: [3] });
    const bad = structuredClone(p.expectations);
    bad.turns[0]!.transcript!.maxWer = -1;
    await expect(exportPackage(db, BILLING_ID, join(dir, 'bad.zip'), { ruleSet, toolVersion: 'test', turns: [3], expectations: bad })).rejects.toThrow(ExpectationsError);
    await expect(exportPackage(db, BILLING_ID, join(dir, 'bad.zip'), { ruleSet, toolVersion: 'test', turns: [4], expectations: p.expectations })).rejects.toThrow(/not selected/);
  });
});
