import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyReferenceFiles } from '../../electron/main/analysis/apply-references';
import { getCallWithAnalysis } from '../../electron/main/analysis/call-with-analysis';
import { detectReferenceFormat } from '../../electron/main/analysis/reference-files';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../helpers/call-fixture';

let db: Db;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase(join(dir, 'store.db'));
  const call = threeTurnCall('Ref-Call');
  delete call.turns[1]!.reference;
  writeCallWithRecording(dir, call);
  await importPaths(db, [dir]);
});

const werOf = (turnIndex: number) => getCallWithAnalysis(db, 'Ref-Call')!.analysis!.turns.find((t) => t.turnIndex === turnIndex)!.wer;

describe('reference transcripts from files', () => {
  it('recognizes trn, stm and CSV by content', async () => {
    expect(detectReferenceFormat('hello there (call-1)\nbye (call-2)\n')).toBe('trn');
    expect(detectReferenceFormat('call-1 A caller 1.2 2.2 i want my balance\n')).toBe('stm');
    expect(detectReferenceFormat('call_id,turn_index,reference\nc,1,"hi, there"\n')).toBe('csv');
    expect(detectReferenceFormat('just some notes\n')).toBeNull();
  });

  it('trn: ids name call and turn; WER appears where there was none', async () => {
    expect(werOf(1)).toBeNull();
    const trn = join(dir, 'refs.trn');
    writeFileSync(trn, 'i want my whole balance (Ref-Call-1)\nthanks goodbye (Ref-Call_T2)\nnothing (Other-Call-1)\n');
    const report = applyReferenceFiles(db, [trn]);
    expect(report.applied.map((a) => `${a.callId}#${a.turnIndex}`)).toEqual(['Ref-Call#1', 'Ref-Call#2']);
    expect(report.unmatched).toEqual([{ origin: `${trn}:3`, reason: 'no call with id "Other-Call"' }]);
    // "i want my whole balance" vs "i want my balance": one deletion of five words.
    expect(werOf(1)).toMatchObject({ refWords: 5, deletions: 1, wer: 0.2 });
    expect(werOf(2)).toMatchObject({ refWords: 2, substitutions: 1 });
  });

  it('stm: segments are matched to the caller turn they overlap, several joined in order', async () => {
    const stm = join(dir, 'refs.stm');
    writeFileSync(stm, 'Ref-Call A caller 1.20 1.70 i want\nRef-Call A caller 1.70 2.20 my balance\nRef-Call B agent 9.0 9.5 nobody\n');
    const report = applyReferenceFiles(db, [stm]);
    expect(report.applied).toEqual([{ callId: 'Ref-Call', turnIndex: 1, origin: `${stm}:1` }]);
    expect(report.unmatched).toHaveLength(1);
    expect(werOf(1)).toMatchObject({ refWords: 4, hits: 4, wer: 0 });
  });

  it('CSV with quoted cells; a bad turn index fails the file with its line', async () => {
    const csv = join(dir, 'refs.csv');
    writeFileSync(csv, 'call_id,turn_index,reference\nRef-Call,1,"I want my balance, please"\n');
    expect(applyReferenceFiles(db, [csv]).applied).toHaveLength(1);
    expect(werOf(1)).toMatchObject({ refWords: 5, deletions: 1 });
    writeFileSync(csv, 'call_id,turn_index,reference\nRef-Call,one,hello\n');
    expect(applyReferenceFiles(db, [csv]).failed).toEqual([{ path: csv, error: `${csv}:2: turn index "one" is not a whole number` }]);
  });

  it('reference files inside an imported folder are applied after the calls land', async () => {
    writeFileSync(join(dir, 'refs.trn'), 'i want my whole balance (Ref-Call-1)\n');
    const report = (await importPaths(db, [dir]));
    expect(report.failed).toEqual([]);
    expect(werOf(1)).toMatchObject({ refWords: 5, deletions: 1 });
  });
});
