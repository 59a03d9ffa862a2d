/**
 * The "done when": from the sample call with a hallucination run (turn 4) and a slow turn
 * (turn 3), one export gives a package that fails verify against that same call's trace — for exactly
 * those failures — and passes against a corrected trace; the JUnit output is well-formed with counts
 * that add up; and verify leaves the user's store alone unless asked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCalls } from '../../../electron/main/db/queries/calls-read';
import { listPackages, listVerifications } from '../../../electron/main/db/queries/packages-read';
import type { Db } from '../../../electron/main/db/open';
import { exportPackage } from '../../../electron/main/packages/export-service';
import { junitXml, suiteFromReport } from '../../../electron/main/packages/junit-xml';
import { openPackage } from '../../../electron/main/packages/open-package';
import { verifyPackage } from '../../../electron/main/packages/verify-runner';
import { childrenNamed, parseXml, type XmlElement } from '../exchange/mini-xml';
import { BILLING_ID, BILLING_TRACE, builtInRules, CORRECTED_TRACE, storeWith } from './package-fixtures';

let dir: string;
let db: Db;
let zip: string;
const ruleSet = builtInRules();

beforeAll(async () => {
  ({ dir, db } = await storeWith([BILLING_TRACE]));
  zip = join(dir, 'billing-dispute.zip');
  await exportPackage(db, BILLING_ID, zip, { ruleSet, toolVersion: 'test' });
});

afterAll(() => db.close());

describe('failed call → package → verify', () => {
  it('fails against the same call, on the slow turn and the hallucination run and nothing else', async () => {
    const r = await verifyPackage(zip, { trace: BILLING_TRACE, ruleSet });
    expect(r.passed).toBe(false);
    const failed = r.assertions.filter((a) => a.status === 'fail').map((a) => a.id).sort();
    expect(failed).toEqual(['turn-3.end-to-end', 'turn-3.stage.llmMs', 'turn-4.hallucination', 'turn-4.intent', 'turn-4.wer']);
    expect(r.summary).toMatchObject({ failed: 5, skipped: 0 });
    const e2e = r.assertions.find((a) => a.id === 'turn-3.end-to-end')!;
    expect([e2e.measured, e2e.bound]).toEqual(['1710 ms', '≤ 1200 ms']);
    const wer = r.assertions.find((a) => a.id === 'turn-4.wer')!;
    expect([wer.measured, wer.bound]).toEqual(['1.00', '≤ 0.08']);
    expect(r.matches.map((m) => [m.packageTurn, m.callTurn, m.method])).toEqual([1, 2, 3, 4, 5].map((i) => [i, i, 'text']));
  });

  it('passes against the corrected trace (turn 4 recognized right, turn 3 fast)', async () => {
    const r = await verifyPackage(zip, { trace: CORRECTED_TRACE, ruleSet });
    expect(r.assertions.filter((a) => a.status !== 'pass')).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.trace.callId).toBe('billing-dispute-agent-2-4-0');
  });

  it('the corrected trace differs from the sample only where the brief says', () => {
    const a = JSON.parse(readFileSync(BILLING_TRACE, 'utf8')) as { turns: Array<{ index: number }> };
    const b = JSON.parse(readFileSync(CORRECTED_TRACE, 'utf8')) as { turns: Array<{ index: number }> };
    const changed = a.turns.filter((t, i) => JSON.stringify(t) !== JSON.stringify(b.turns[i])).map((t) => t.index);
    expect(changed).toEqual([3, 4]);
  });

  it("fails the same way against the package's own trace excerpt", async () => {
    const pkg = await openPackage(zip);
    const excerpt = join(dir, 'excerpt.call.json');
    writeFileSync(excerpt, readFileSync(pkg.file('trace/excerpt.call.json')));
    pkg.close();
    const r = await verifyPackage(zip, { trace: excerpt, ruleSet });
    expect(r.assertions.filter((a) => a.status === 'fail').map((a) => a.id).sort()).toEqual(
      ['turn-3.end-to-end', 'turn-3.stage.llmMs', 'turn-4.hallucination', 'turn-4.intent', 'turn-4.wer'],
    );
  });

  it("leaves the user's store alone unless asked; with a store, imports the call and records the verification", async () => {
    const before = listCalls(db).map((c) => c.id);
    await verifyPackage(zip, { trace: CORRECTED_TRACE, ruleSet });
    expect(listCalls(db).map((c) => c.id)).toEqual(before);
    const pkgId = listPackages(db)[0]!.id;
    expect(listVerifications(db, pkgId)).toEqual([]);

    const r = await verifyPackage(zip, { trace: CORRECTED_TRACE, ruleSet, store: db });
    expect(r.trace.storedAs).toBe('billing-dispute-agent-2-4-0');
    expect(listCalls(db).map((c) => c.id).sort()).toEqual([...before, 'billing-dispute-agent-2-4-0'].sort());
    const v = listVerifications(db, pkgId);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ callId: 'billing-dispute-agent-2-4-0', failed: 0, passed: r.summary.passed });
    expect(listPackages(db)[0]!.lastVerification?.id).toBe(v[0]!.id);
  });

  it('a call without a recording exports without clips and says why', async () => {
    const s = await storeWith([CORRECTED_TRACE]);
    try {
      const r = await exportPackage(s.db, 'billing-dispute-agent-2-4-0', join(s.dir, 'no-audio.zip'), { ruleSet, toolVersion: 'test', turns: [4] });
      expect(r.manifest.turns).toMatchObject([{ index: 4, clip: null, clipOmitted: 'the call has no recording' }]);
      expect(r.manifest.files.map((f) => f.role)).toEqual(['readme', 'trace', 'mocks']);
    } finally {
      s.db.close();
    }
  });

  it('writes JUnit XML whose structure and counts are consistent', async () => {
    const failing = await verifyPackage(zip, { trace: BILLING_TRACE, ruleSet });
    const passing = await verifyPackage(zip, { trace: CORRECTED_TRACE, ruleSet });
    const xml = junitXml([suiteFromReport(failing), suiteFromReport(passing)]);
    const root = parseXml(xml);
    checkJunit(root);
    expect(root.attrs).toMatchObject({ tests: '98', failures: '5', errors: '0', skipped: '0' });
    const [first] = childrenNamed(root, 'testsuite');
    const failure = childrenNamed(first!, 'testcase').find((c) => c.attrs.name === 'turn 3 · end-to-end latency')!;
    const f = childrenNamed(failure, 'failure')[0]!;
    expect(f.attrs.type).toBe('end_to_end');
    expect(f.attrs.message).toMatch(/^measured 1710 ms, bound ≤ 1200 ms/);
  });
});

/**
 * The JUnit XML schema's shape (Ant/Jenkins): testsuites ⊃ testsuite ⊃ properties?, testcase*,
 * system-out?, system-err?; a testcase holds at most one of failure/error/skipped; counts on every
 * suite equal its testcases, and the root's equal the sums.
 */
function checkJunit(root: XmlElement): void {
  expect(root.name).toBe('testsuites');
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of root.children) {
    expect(suite.name).toBe('testsuite');
    for (const a of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp', 'hostname']) expect(suite.attrs[a], a).toBeDefined();
    expect(suite.attrs.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const order = suite.children.map((c) => c.name);
    expect(order.filter((n) => !['properties', 'testcase', 'system-out', 'system-err'].includes(n))).toEqual([]);
    expect(order.indexOf('properties')).toBeLessThanOrEqual(0);
    const cases = childrenNamed(suite, 'testcase');
    const count = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
    for (const c of cases) {
      expect(c.attrs.name).toBeTruthy();
      expect(c.attrs.classname).toBeTruthy();
      expect(Number(c.attrs.time)).toBeGreaterThanOrEqual(0);
      const outcomes = c.children.filter((x) => ['failure', 'error', 'skipped'].includes(x.name));
      expect(outcomes.length).toBeLessThanOrEqual(1);
      if (outcomes[0]?.name === 'failure') count.failures++;
      if (outcomes[0]?.name === 'error') count.errors++;
      if (outcomes[0]?.name === 'skipped') count.skipped++;
    }
    for (const k of Object.keys(count) as Array<keyof typeof count>) {
      expect(Number(suite.attrs[k]), k).toBe(count[k]);
      totals[k] += count[k];
    }
  }
  for (const k of Object.keys(totals) as Array<keyof typeof totals>) expect(Number(root.attrs[k]), k).toBe(totals[k]);
}
