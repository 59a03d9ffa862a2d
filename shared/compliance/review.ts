/**
 * What the review UI needs from stored hits, as pure functions: the list (copies in other fields left
 * out), counts for badges, display names, and a hit as a timeline flag so it sits on the same time axis
 * as the analysis flags.
 */
import type { Flag, Severity } from '../model/call';
import { byTime } from './scan';
import type { Category, ComplianceHit, HitStatus } from './types';

export const CATEGORY_NAMES: Record<Category, string> = {
  'pci.pan': 'Card number',
  'pci.cvv': 'Card security code',
  'pci.expiry': 'Card expiry date',
  'pci.readback': 'Agent read back card data',
  'pci.in_trace': 'Secret stored in the trace',
  'phi.ssn': 'Social security number',
  'phi.dob': 'Date of birth',
  'phi.member_id': 'Member / policy / record number',
  'phi.before_verification': 'Disclosed before verification',
  'disclosure.missing': 'Required disclosure missing',
  'injection.attempt': 'Prompt injection attempt',
  'injection.complied': 'Agent complied with injection',
};

export const categoryFamily = (c: Category): 'pci' | 'phi' | 'disclosure' | 'injection' => c.split('.')[0] as 'pci' | 'phi' | 'disclosure' | 'injection';

/** Hits for lists: one per finding, in time order. */
export function listedHits(hits: readonly ComplianceHit[]): ComplianceHit[] {
  return hits.filter((h) => !h.duplicateOf).sort(byTime);
}

export interface HitCounts {
  total: number;
  open: number;
  byStatus: Record<HitStatus, number>;
  bySeverity: Record<Severity, number>;
  byCategory: Partial<Record<Category, number>>;
}

export function hitCounts(hits: readonly ComplianceHit[]): HitCounts {
  const listed = listedHits(hits);
  const c: HitCounts = { total: listed.length, open: 0, byStatus: { open: 0, confirmed: 0, dismissed: 0 }, bySeverity: { info: 0, warning: 0, critical: 0 }, byCategory: {} };
  for (const h of listed) {
    c.byStatus[h.status]++;
    c.bySeverity[h.severity]++;
    c.byCategory[h.category] = (c.byCategory[h.category] ?? 0) + 1;
  }
  c.open = c.byStatus.open;
  return c;
}

/** A timeline flag for a hit (kind `compliance.<category>`); dismissed hits are shown as info. */
export type ComplianceFlag = Omit<Flag, 'source'> & { source: 'compliance'; hitId: number; status: HitStatus };

export function toTimelineFlag(h: ComplianceHit): ComplianceFlag {
  return {
    id: h.id,
    hitId: h.id,
    kind: `compliance.${h.category}`,
    severity: h.status === 'dismissed' ? 'info' : h.severity,
    turnIndex: h.turnIndex,
    startMs: h.startMs,
    endMs: h.endMs,
    detail: `${CATEGORY_NAMES[h.category]}: ${h.detail}`,
    evidence: { ...h.evidence, ruleId: h.ruleId, packId: h.packId, text: h.text },
    source: 'compliance',
    status: h.status,
  };
}
