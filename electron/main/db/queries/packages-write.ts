import type { Db } from '../open';

export interface PackageToStore {
  id: string;
  manifestSha256: string;
  title: string;
  sourceCallId: string;
  turns: readonly number[];
  redacted: boolean;
  assertionCount: number;
  path: string;
  createdAt: string;
}

/** Records an exported package; exporting the same package id again (a re-written file) updates its row. */
export function recordPackage(db: Db, p: PackageToStore): void {
  db.prepare(
    `INSERT INTO packages (id, manifest_sha256, title, source_call_id, turns_json, redacted, assertion_count, path, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET manifest_sha256 = excluded.manifest_sha256, title = excluded.title, source_call_id = excluded.source_call_id,
       turns_json = excluded.turns_json, redacted = excluded.redacted, assertion_count = excluded.assertion_count, path = excluded.path,
       created_at = excluded.created_at`,
  ).run(p.id, p.manifestSha256, p.title, p.sourceCallId, JSON.stringify(p.turns), p.redacted ? 1 : 0, p.assertionCount, p.path, p.createdAt);
}

export interface VerificationToStore {
  packageId: string;
  manifestSha256: string;
  tracePath: string;
  callId: string | null;
  passed: number;
  failed: number;
  skipped: number;
  verifiedAt: string;
  report: unknown;
}

export function recordVerification(db: Db, v: VerificationToStore): number {
  return Number(
    db
      .prepare(
        `INSERT INTO package_verifications (package_id, manifest_sha256, trace_path, call_id, passed, failed, skipped, verified_at, report_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.packageId, v.manifestSha256, v.tracePath, v.callId, v.passed, v.failed, v.skipped, v.verifiedAt, JSON.stringify(v.report))
      .lastInsertRowid,
  );
}

export function deletePackageRecord(db: Db, packageId: string): boolean {
  return db.prepare('DELETE FROM packages WHERE id = ?').run(packageId).changes > 0;
}
