/**
 * A stored call made ready for export: its detail and metadata, the compliance scan of it (with the
 * reviewers' decisions from the store), and — when asked — its redacted form with the redaction plan
 * (text, word and trace edits, audio spans) from the compliance engine. Packages and evidence packets
 * both start here, so they redact and judge a call exactly alike.
 */
import { getCallWithAnalysis } from '../analysis/call-with-analysis';
import { scanCall } from '../../../shared/compliance/scan';
import { redactCall, sweepableSecrets, countLeaks } from '../../../shared/compliance/redaction/verify';
import type { RedactionPlan } from '../../../shared/compliance/redaction/plan';
import { SECRET_CATEGORIES, type Category, type ComplianceHitDraft, type HitStatus, type RuleSet } from '../../../shared/compliance/types';
import type { Span, Turn } from '../../../shared/model/call';
import type { CallDetail } from '../../../shared/model/dto';
import type { Db } from '../db/open';
import { dismissedFingerprints, listHits, readCallMetadata } from '../db/queries/compliance-read';

/** The request cannot be met as asked (unknown call or turn, bad expectations): a usage error. */
export class ExportInputError extends Error {
  override name = 'ExportInputError';
}

/** Redaction could not be completed or proven (a finding left, a removed value found in the output): nothing is written. */
export class RedactionFailedError extends Error {
  override name = 'RedactionFailedError';
}

export interface WorkingCall {
  id: string;
  turns: Turn[];
  spans: Span[];
  metadata: Record<string, unknown>;
}

export interface ScannedFinding {
  draft: ComplianceHitDraft;
  status: HitStatus;
  reason: string | null;
}

export interface PreparedCall {
  detail: CallDetail;
  /** The call as it will be exported: redacted when asked, else as stored. */
  working: WorkingCall;
  /** Findings of a scan of the stored (unredacted) call, duplicates left out, with reviewers' decisions. */
  findings: ScannedFinding[];
  ruleSet: RuleSet;
  redaction: {
    plan: RedactionPlan;
    categories: Category[];
    rounds: number;
    /** Secrets long enough to sweep the output for; memory only. */
    secrets: string[];
    keptByReviewers: number;
    /** The call id itself held a removed value and was replaced. */
    idReplaced: boolean;
  } | null;
}

export function prepareCall(db: Db, callId: string, ruleSet: RuleSet, redact: boolean): PreparedCall {
  const detail = getCallWithAnalysis(db, callId);
  if (!detail) throw new ExportInputError(`no call with id "${callId}" (see turnscope calls)`);
  const metadata = readCallMetadata(db, callId) ?? {};
  const original: WorkingCall = { id: detail.id, turns: detail.turns, spans: detail.spans, metadata };

  const decisions = new Map(listHits(db, { callId }).map((h) => [h.fingerprint, h]));
  const findings = scanCall(original, ruleSet)
    .filter((d) => d.duplicateOf === null)
    .map((draft) => {
      const stored = decisions.get(draft.fingerprint);
      return { draft, status: stored?.status ?? 'open', reason: stored?.reason ?? null };
    });
  if (!redact) return { detail, working: original, findings, ruleSet, redaction: null };

  const keep = dismissedFingerprints(db, callId);
  const categories = [...SECRET_CATEGORIES];
  const result = redactCall(original, ruleSet, { categories, keepFingerprints: keep });
  if (result.residual.length > 0) {
    const cats = [...new Set(result.residual.map((h) => h.category))].join(', ');
    throw new RedactionFailedError(`${result.residual.length} finding(s) (${cats}) could not be redacted after ${result.rounds} rounds; nothing was written`);
  }
  const secrets = sweepableSecrets(result.plan);
  const idReplaced = countLeaks(detail.id, secrets) > 0;
  const working: WorkingCall = {
    id: idReplaced ? `redacted-call` : detail.id,
    turns: [...result.call.turns],
    spans: [...result.call.spans],
    metadata: result.call.metadata ?? {},
  };
  return { detail, working, findings, ruleSet, redaction: { plan: result.plan, categories, rounds: result.rounds, secrets, keptByReviewers: keep.size, idReplaced } };
}

/** Edits per category (a finding counted once, not once per field it was removed from). */
export function editsByCategory(plan: RedactionPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of plan.hits) if (!h.duplicateOf) out[h.category] = (out[h.category] ?? 0) + 1;
  return out;
}

export const editCount = (plan: RedactionPlan): number => plan.text.length + plan.words.length + plan.trace.length + plan.audio.length;

/** Categories the rule set can report (enabled rules only). */
export const ruleSetCategories = (ruleSet: RuleSet): string[] => [...new Set(ruleSet.rules.filter((r) => r.enabled).map((r) => r.category))].sort();
