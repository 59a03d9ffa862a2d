/**
 * Scanning stored calls: read the call (turns, words, spans, tool calls, metadata), run the rule set,
 * store the result as the call's latest scan (packs and hashes with it) and return the hits with their
 * review status. Reviewers' decisions are kept under each hit's fingerprint and survive the re-scan.
 */
import { COMPLIANCE_ENGINE_VERSION } from '../../../shared/compliance/rule-pack';
import { scanCall } from '../../../shared/compliance/scan';
import type { ScannableCall } from '../../../shared/compliance/call-index';
import type { ComplianceHit, ComplianceHitDraft, HitStatus, RuleSet } from '../../../shared/compliance/types';
import type { CallDetail } from '../../../shared/model/dto';
import type { Db } from '../db/open';
import { getCallDetail } from '../db/queries/calls-read';
import { listHits, readCallMetadata } from '../db/queries/compliance-read';
import { replaceScan, setReview } from '../db/queries/compliance-write';

export class ComplianceInputError extends Error {
  override name = 'ComplianceInputError';
}

export interface StoredCallForScan {
  detail: CallDetail;
  call: ScannableCall;
  metadata: Record<string, unknown>;
}

export function loadCallForScan(db: Db, callId: string): StoredCallForScan {
  const detail = getCallDetail(db, callId);
  if (!detail) throw new ComplianceInputError(`no call with id "${callId}" (see turnscope calls)`);
  const metadata = readCallMetadata(db, callId) ?? {};
  return { detail, metadata, call: { id: detail.id, turns: detail.turns, spans: detail.spans, metadata } };
}

export interface ScanOutcome {
  callId: string;
  scanId: number;
  /** Every hit of this scan, duplicates included, secrets in memory only. */
  drafts: ComplianceHitDraft[];
  /** The stored hits (duplicates left out) with their review status. */
  hits: ComplianceHit[];
}

export function scanStoredCall(db: Db, callId: string, ruleSet: RuleSet, now: () => string = () => new Date().toISOString()): ScanOutcome {
  const { detail, call } = loadCallForScan(db, callId);
  const drafts = scanCall(call, ruleSet);
  const scanId = replaceScan(db, {
    callId, engineVersion: COMPLIANCE_ENGINE_VERSION, rulePacks: ruleSet.packs, ruleSetHash: ruleSet.hash,
    callContentHash: detail.contentHash, scannedAt: now(), hits: drafts,
  });
  return { callId, scanId, drafts, hits: listHits(db, { callId }) };
}

export interface ReviewInput {
  callId: string;
  /** The hit to decide on, by id (as lists show it) or by fingerprint. */
  hitId?: number;
  fingerprint?: string;
  status: HitStatus;
  reason?: string | null;
  reviewer?: string | null;
}

/** Records a reviewer's decision; returns the hit as it now reads. */
export function reviewHit(db: Db, r: ReviewInput): ComplianceHit {
  const hits = listHits(db, { callId: r.callId });
  const hit = hits.find((h) => (r.hitId !== undefined ? h.id === r.hitId : h.fingerprint === r.fingerprint));
  if (!hit) throw new ComplianceInputError(`no compliance hit ${r.hitId ?? r.fingerprint ?? ''} in call "${r.callId}" (scan it first)`);
  setReview(db, { callId: r.callId, fingerprint: hit.fingerprint, status: r.status, reason: r.reason ?? null, reviewer: r.reviewer ?? null, decidedAt: new Date().toISOString() });
  return listHits(db, { callId: r.callId }).find((h) => h.fingerprint === hit.fingerprint)!;
}
