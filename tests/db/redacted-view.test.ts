import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCallWithAnalysis } from '../../electron/main/analysis/call-with-analysis';
import { redactedCall } from '../../electron/main/compliance/redacted-call';
import { openDatabase } from '../../electron/main/db/open';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir } from '../helpers/call-fixture';

const SAMPLE = resolve(__dirname, '../../resources/samples/appointment-reschedule.call.json');

describe('the redacted view of a call', () => {
  it('carries no removed value anywhere: texts, words, references, tool arguments, alignments, flag details', async () => {
    const db = openDatabase(join(tempDir(), 'store.db'));
    expect((await importPaths(db, [SAMPLE])).failed).toEqual([]);
    const call = getCallWithAnalysis(db, 'sample-appointment-reschedule')!;
    const original = JSON.stringify(call);
    // The caller's date of birth, said and stored by the tool call (found at import by the scanner).
    expect(original).toMatch(/1985/);
    const shown = JSON.stringify(redactedCall(db, call));
    expect(shown).not.toMatch(/1985/);
    expect(shown).toMatch(/\[redacted-date-of-birth\]/);
    // Everything else is still there: the view stays useful.
    expect(shown).toMatch(/tuesday afternoon would be better/);
  });
});
