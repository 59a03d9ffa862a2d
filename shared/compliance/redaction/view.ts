/**
 * The app's redacted view: a stored call with every secret of its stored hits replaced by labels, so an
 * auditor can share a screen. Hits a reviewer dismissed stay visible; everything else is removed,
 * including the copies of a finding in the word list and the reference transcript.
 */
import type { ComplianceHit, ComplianceHitDraft } from '../types';
import { applyRedaction, type RedactableCall } from './apply';
import { planRedaction, type RedactionPlan } from './plan';

export function redactionPlanForHits(hits: readonly ComplianceHit[]): RedactionPlan {
  const drafts: ComplianceHitDraft[] = hits.map((h) => ({ ...h, secret: null }));
  const dismissed = new Set(hits.filter((h) => h.status === 'dismissed').map((h) => h.fingerprint));
  return planRedaction(drafts, { keepFingerprints: dismissed });
}

export function redactedView<T extends RedactableCall>(call: T, hits: readonly ComplianceHit[]): T {
  return applyRedaction(call, redactionPlanForHits(hits));
}
