import type { Db } from '../open';

import type { PackageSummary, VerificationSummary } from '../../../../shared/packages/package-summary';

export type { PackageSummary, VerificationSummary };

interface PackageRow {
  id: string;
  manifest_sha256: string;
  title: string;
  source_call_id: string;
  turns_json: string;
  redacted: number;
  assertion_count: number;
  path: string;
  created_at: string;
  call_stored: number;
  v_id: number | null;
  v_trace_path: string | null;
  v_call_id: string | null;
  v_passed: number | null;
  v_failed: number | null;
  v_skipped: number | null;
  v_verified_at: string | null;
}

const toSummary = (r: PackageRow): PackageSummary => ({
  id: r.id, manifestSha256: r.manifest_sha256, title: r.title, sourceCallId: r.source_call_id, sourceCallStored: r.call_stored === 1,
  turns: JSON.parse(r.turns_json) as number[], redacted: r.redacted === 1, assertionCount: r.assertion_count, path: r.path, createdAt: r.created_at,
  lastVerification: r.v_id === null ? null : {
    id: r.v_id, tracePath: r.v_trace_path!, callId: r.v_call_id, passed: r.v_passed!, failed: r.v_failed!, skipped: r.v_skipped!, verifiedAt: r.v_verified_at!,
  },
});

const SELECT = `
  SELECT p.*, EXISTS (SELECT 1 FROM calls c WHERE c.id = p.source_call_id) AS call_stored,
         v.id AS v_id, v.trace_path AS v_trace_path, v.call_id AS v_call_id, v.passed AS v_passed, v.failed AS v_failed,
         v.skipped AS v_skipped, v.verified_at AS v_verified_at
  FROM packages p
  LEFT JOIN package_verifications v ON v.id = (SELECT MAX(id) FROM package_verifications WHERE package_id = p.id)`;

/** Packages made from this store, newest first; optionally only those made from one call. */
export function listPackages(db: Db, sourceCallId?: string): PackageSummary[] {
  const rows = (sourceCallId === undefined
    ? db.prepare(`${SELECT} ORDER BY p.created_at DESC, p.id`).all()
    : db.prepare(`${SELECT} WHERE p.source_call_id = ? ORDER BY p.created_at DESC, p.id`).all(sourceCallId)) as PackageRow[];
  return rows.map(toSummary);
}

export function getPackage(db: Db, packageId: string): PackageSummary | null {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(packageId) as PackageRow | undefined;
  return row ? toSummary(row) : null;
}

/** Every verification of a package (also packages made elsewhere and only verified here), newest first. */
export function listVerifications(db: Db, packageId: string): VerificationSummary[] {
  const rows = db
    .prepare('SELECT id, trace_path, call_id, passed, failed, skipped, verified_at FROM package_verifications WHERE package_id = ? ORDER BY id DESC')
    .all(packageId) as Array<{ id: number; trace_path: string; call_id: string | null; passed: number; failed: number; skipped: number; verified_at: string }>;
  return rows.map((r) => ({ id: r.id, tracePath: r.trace_path, callId: r.call_id, passed: r.passed, failed: r.failed, skipped: r.skipped, verifiedAt: r.verified_at }));
}
