/**
 * The package library in the store: packages made here listed with the call they came from and their
 * latest verification; verifications of packages made elsewhere kept too.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/db/open';
import { getPackage, listPackages, listVerifications } from '../../electron/main/db/queries/packages-read';
import { deletePackageRecord, recordPackage, recordVerification } from '../../electron/main/db/queries/packages-write';
import { tempDir } from '../helpers/call-fixture';

const pkg = (id: string, callId: string, createdAt: string) => ({
  id, manifestSha256: `sha-${id}`, title: `title ${id}`, sourceCallId: callId, turns: [3, 4], redacted: id.endsWith('r'), assertionCount: 20, path: `/pkgs/${id}.zip`, createdAt,
});

describe('package library', () => {
  it('lists packages newest first, by call, with their latest verification and whether the call is still stored', () => {
    const db = openDatabase(join(tempDir(), 'lib.db'));
    db.prepare("INSERT INTO calls (id, source_format, content_hash, imported_at) VALUES ('call-a', 'x', 'h', 'now')").run();
    recordPackage(db, pkg('pkg-1', 'call-a', '2026-03-01T10:00:00Z'));
    recordPackage(db, pkg('pkg-2r', 'call-gone', '2026-03-02T10:00:00Z'));
    expect(listPackages(db).map((p) => [p.id, p.sourceCallId, p.sourceCallStored, p.redacted])).toEqual([
      ['pkg-2r', 'call-gone', false, true],
      ['pkg-1', 'call-a', true, false],
    ]);
    expect(listPackages(db, 'call-a').map((p) => p.id)).toEqual(['pkg-1']);
    expect(getPackage(db, 'pkg-1')).toMatchObject({ turns: [3, 4], assertionCount: 20, lastVerification: null });

    const v = (failed: number, at: string) => ({ packageId: 'pkg-1', manifestSha256: 'sha-pkg-1', tracePath: '/new.json', callId: null, passed: 20 - failed, failed, skipped: 0, verifiedAt: at, report: { failed } });
    recordVerification(db, v(5, '2026-03-03T10:00:00Z'));
    const last = recordVerification(db, v(0, '2026-03-04T10:00:00Z'));
    expect(getPackage(db, 'pkg-1')!.lastVerification).toMatchObject({ id: last, failed: 0, passed: 20 });
    expect(listVerifications(db, 'pkg-1').map((x) => x.failed)).toEqual([0, 5]);

    // Re-exporting under the same id updates the row; deleting the record keeps the verifications.
    recordPackage(db, { ...pkg('pkg-1', 'call-a', '2026-03-05T10:00:00Z'), title: 'renamed' });
    expect(listPackages(db).map((p) => [p.id, p.title])).toEqual([['pkg-1', 'renamed'], ['pkg-2r', 'title pkg-2r']]);
    expect(deletePackageRecord(db, 'pkg-1')).toBe(true);
    expect(deletePackageRecord(db, 'pkg-1')).toBe(false);
    expect(listVerifications(db, 'pkg-1')).toHaveLength(2);
    db.close();
  });
});
