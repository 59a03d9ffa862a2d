import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { reanalyzeCall } from '../../electron/main/analysis/analysis-service';
import { getCallWithAnalysis } from '../../electron/main/analysis/call-with-analysis';
import { clearThresholdsOverride, setThresholdsOverride, thresholdsInEffect } from '../../electron/main/analysis/thresholds-config';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { setTurnReference } from '../../electron/main/db/queries/analysis-write';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../helpers/call-fixture';

let db: Db;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase(join(dir, 'store.db'));
  writeCallWithRecording(dir, threeTurnCall('an-1'));
  expect((await importPaths(db, [dir])).failed).toEqual([]);
});

const flagKinds = (callId: string): string[] => getCallWithAnalysis(db, callId)!.flags.map((f) => `${f.kind}@${f.turnIndex}`);

describe('analysis in the store', () => {
  it('runs at import and is stored per turn and per call, with the rules it was computed under', async () => {
    const call = getCallWithAnalysis(db, 'an-1')!;
    const a = call.analysis!;
    expect(a.thresholds).toMatchObject({ id: 'turnscope-default', version: 1 });
    expect(a.normalization.id).toBe('turnscope-default@1');
    // Turn 1: reference "I want my balance" vs hypothesis "i want my balance": perfect after normalization.
    expect(a.turns.find((t) => t.turnIndex === 1)!.wer).toMatchObject({ hits: 4, substitutions: 0, refWords: 4, wer: 0 });
    // Turn 2 has no reference: no WER, not WER 0.
    expect(a.turns.find((t) => t.turnIndex === 2)!.wer).toBeNull();
    // Turn 2: 1500 ms end to end is critical; LLM 1100 ms is over its 150–300 budget.
    expect(flagKinds('an-1')).toEqual(expect.arrayContaining(['latency_critical@2', 'stage_over_budget@2']));
    expect(a.metrics.metrics.wer.value).toBe(0);
  });

  it('re-analysis after a reference correction finds the hallucination run and replaces only analysis flags', async () => {
    const before = getCallWithAnalysis(db, 'an-1')!.flags.filter((f) => f.source !== 'analysis');
    expect(setTurnReference(db, 'an-1', 1, 'please read me the balance of my savings account today', 'analyst')).toBe(true);
    expect(reanalyzeCall(db, 'an-1')).toBe(true);
    const call = getCallWithAnalysis(db, 'an-1')!;
    const t1 = call.analysis!.turns.find((t) => t.turnIndex === 1)!;
    expect(t1.wer!.refWords).toBe(10);
    expect(t1.hallucinationRuns.length).toBe(1);
    expect(flagKinds('an-1')).toContain('hallucination_run@1');
    expect(call.flags.filter((f) => f.source !== 'analysis')).toEqual(before);
    // Running it again does not pile up flags.
    const count = call.flags.length;
    reanalyzeCall(db, 'an-1');
    expect(getCallWithAnalysis(db, 'an-1')!.flags.length).toBe(count);
  });

  it('a stored thresholds override changes the verdicts and is recorded with them', async () => {
    const defaults = thresholdsInEffect(db);
    const after = setThresholdsOverride(db, { latency: { endToEnd: { healthyBelowMs: 2000, criticalAboveMs: 3000 } } });
    expect(after.hash).not.toBe(defaults.hash);
    reanalyzeCall(db, 'an-1');
    expect(flagKinds('an-1')).not.toContain('latency_critical@2');
    expect(getCallWithAnalysis(db, 'an-1')!.analysis!.thresholds.hash).toBe(after.hash);
    expect(() => setThresholdsOverride(db, { latency: { endToEnd: { healthyBelowMs: 'fast' } } })).toThrow(/healthyBelowMs/);
    expect(clearThresholdsOverride(db).hash).toBe(defaults.hash);
  });
});
