import type { Db } from '../open';
import type { Severity } from '../../../../shared/model/call';
import type { Category, ComplianceHit, HitLocation, HitSpeaker, HitStatus, RulePackRef } from '../../../../shared/compliance/types';

export interface StoredScan {
  id: number;
  callId: string;
  engineVersion: number;
  rulePacks: RulePackRef[];
  ruleSetHash: string;
  callContentHash: string;
  hitCount: number;
  scannedAt: string;
}

interface ScanRow {
  id: number;
  call_id: string;
  engine_version: number;
  rule_packs_json: string;
  rule_set_hash: string;
  call_content_hash: string;
  hit_count: number;
  scanned_at: string;
}

const toScan = (r: ScanRow): StoredScan => ({
  id: r.id, callId: r.call_id, engineVersion: r.engine_version, rulePacks: JSON.parse(r.rule_packs_json) as RulePackRef[],
  ruleSetHash: r.rule_set_hash, callContentHash: r.call_content_hash, hitCount: r.hit_count, scannedAt: r.scanned_at,
});

export function readLatestScan(db: Db, callId: string): StoredScan | null {
  const row = db.prepare('SELECT * FROM compliance_scans WHERE call_id = ? ORDER BY id DESC LIMIT 1').get(callId) as ScanRow | undefined;
  return row ? toScan(row) : null;
}

/** Every call id in the store, oldest import first. */
export function allCallIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM calls ORDER BY imported_at, id').all() as { id: string }[]).map((r) => r.id);
}

/** The call's metadata object (not part of CallDetail), for scanning and redacting it. */
export function readCallMetadata(db: Db, callId: string): Record<string, unknown> | null {
  const row = db.prepare('SELECT metadata_json FROM calls WHERE id = ?').get(callId) as { metadata_json: string } | undefined;
  return row ? (JSON.parse(row.metadata_json) as Record<string, unknown>) : null;
}

interface HitRow {
  id: number;
  scan_id: number;
  call_id: string;
  fingerprint: string;
  duplicate_of: string | null;
  rule_id: string;
  pack_id: string;
  category: Category;
  severity: Severity;
  speaker: HitSpeaker;
  turn_index: number | null;
  start_ms: number | null;
  end_ms: number | null;
  masked_text: string;
  detail: string;
  locations_json: string;
  evidence_json: string;
  status: HitStatus | null;
  reason: string | null;
  reviewer: string | null;
  decided_at: string | null;
}

export interface HitFilter {
  callId?: string;
  categories?: readonly string[];
  statuses?: readonly HitStatus[];
  /** Also return copies of a finding in other fields (for the redacted view). Default false. */
  includeDuplicates?: boolean;
}

/** Hits of each call's latest scan, with the reviewer's decision (status 'open' when there is none). */
export function listHits(db: Db, filter: HitFilter = {}): ComplianceHit[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.callId !== undefined) {
    where.push('h.call_id = ?');
    args.push(filter.callId);
  }
  if (!filter.includeDuplicates) where.push('h.duplicate_of IS NULL');
  if (filter.categories && filter.categories.length > 0) {
    where.push(`h.category IN (${filter.categories.map(() => '?').join(', ')})`);
    args.push(...filter.categories);
  }
  if (filter.statuses && filter.statuses.length > 0) {
    where.push(`COALESCE(r.status, 'open') IN (${filter.statuses.map(() => '?').join(', ')})`);
    args.push(...filter.statuses);
  }
  const rows = db
    .prepare(
      `SELECT h.*, r.status, r.reason, r.reviewer, r.decided_at FROM compliance_hits h
       LEFT JOIN compliance_reviews r ON r.call_id = h.call_id AND r.fingerprint = h.fingerprint
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY h.call_id, COALESCE(h.start_ms, 1e18), h.turn_index, h.id`,
    )
    .all(...args) as HitRow[];
  return rows.map((r) => ({
    id: r.id, scanId: r.scan_id, callId: r.call_id, fingerprint: r.fingerprint, duplicateOf: r.duplicate_of, ruleId: r.rule_id,
    packId: r.pack_id, category: r.category, severity: r.severity, speaker: r.speaker, turnIndex: r.turn_index,
    startMs: r.start_ms, endMs: r.end_ms, text: r.masked_text, detail: r.detail,
    locations: JSON.parse(r.locations_json) as HitLocation[], evidence: JSON.parse(r.evidence_json) as Record<string, unknown>,
    status: r.status ?? 'open', reason: r.reason, reviewer: r.reviewer, decidedAt: r.decided_at,
  }));
}

/** Fingerprints a reviewer dismissed in one call. */
export function dismissedFingerprints(db: Db, callId: string): Set<string> {
  const rows = db.prepare("SELECT fingerprint FROM compliance_reviews WHERE call_id = ? AND status = 'dismissed'").all(callId) as { fingerprint: string }[];
  return new Set(rows.map((r) => r.fingerprint));
}
