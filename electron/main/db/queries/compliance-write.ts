import type { Db } from '../open';
import type { ComplianceHitDraft, HitStatus, RulePackRef } from '../../../../shared/compliance/types';

export interface ScanToStore {
  callId: string;
  engineVersion: number;
  rulePacks: RulePackRef[];
  ruleSetHash: string;
  callContentHash: string;
  scannedAt: string;
  hits: readonly ComplianceHitDraft[];
}

/**
 * Stores a call's scan in one transaction, replacing its previous scan and hits. The hits' secrets are
 * not written: only masked text and locations. Reviews are untouched (they are keyed by fingerprint).
 */
export function replaceScan(db: Db, scan: ScanToStore): number {
  return db.transaction((): number => {
    db.prepare('DELETE FROM compliance_scans WHERE call_id = ?').run(scan.callId);
    const scanId = Number(
      db
        .prepare(
          `INSERT INTO compliance_scans (call_id, engine_version, rule_packs_json, rule_set_hash, call_content_hash, hit_count, scanned_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(scan.callId, scan.engineVersion, JSON.stringify(scan.rulePacks), scan.ruleSetHash, scan.callContentHash, scan.hits.length, scan.scannedAt)
        .lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO compliance_hits (scan_id, call_id, fingerprint, duplicate_of, rule_id, pack_id, category, severity, speaker, turn_index,
         start_ms, end_ms, masked_text, detail, locations_json, evidence_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const h of scan.hits) {
      insert.run(scanId, scan.callId, h.fingerprint, h.duplicateOf, h.ruleId, h.packId, h.category, h.severity, h.speaker, h.turnIndex,
        h.startMs, h.endMs, h.text, h.detail, JSON.stringify(h.locations), JSON.stringify(h.evidence));
    }
    return scanId;
  })();
}

export interface ReviewToStore {
  callId: string;
  fingerprint: string;
  status: HitStatus;
  reason: string | null;
  reviewer: string | null;
  decidedAt: string;
}

export class ReviewError extends Error {
  override name = 'ReviewError';
}

/** Records a reviewer's decision on a finding (kept across re-scans). Dismissing needs a reason. */
export function setReview(db: Db, r: ReviewToStore): void {
  if (r.status === 'dismissed' && !(r.reason ?? '').trim()) throw new ReviewError('dismissing a hit needs a reason');
  db.prepare(
    `INSERT INTO compliance_reviews (call_id, fingerprint, status, reason, reviewer, decided_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (call_id, fingerprint) DO UPDATE SET status = excluded.status, reason = excluded.reason,
       reviewer = excluded.reviewer, decided_at = excluded.decided_at`,
  ).run(r.callId, r.fingerprint, r.status, r.reason?.trim() || null, r.reviewer, r.decidedAt);
}
