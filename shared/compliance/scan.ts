/**
 * scanCall: one call and a rule set in, hit drafts out. Rules run in detector order so rules that build
 * on others see their hits (security codes after card numbers, read-back after the secrets it repeats,
 * the verification sequence after identity numbers, compliance after attempts). The same finding seen in
 * two fields of one utterance (text and recognizer words, or the reference transcript) is kept once for
 * lists and marked `duplicateOf` in the others; the redaction still uses every copy.
 */
import { CallIndex, type CallIndexOptions, type ScannableCall } from './call-index';
import { Params } from './detector-params';
import { detectExpiry, detectSecurityCode } from './detectors/card-extras';
import { detectCardNumbers } from './detectors/card-number';
import { createContext, type Detector } from './detectors/detector';
import { detectDateOfBirth, detectMemberId, detectSsn } from './detectors/identity';
import { detectInjectionComplied } from './detectors/injection-complied';
import { detectMissingDisclosure, detectPhraseFamilies } from './detectors/phrases';
import { detectReadback } from './detectors/readback';
import { detectTraceSecrets } from './detectors/trace-secrets';
import { detectBeforeVerification } from './detectors/verification';
import type { ActiveRule, ComplianceHitDraft, DetectorKind, HitLocation, RuleSet, ScanHitJson, ScanJson } from './types';

const DETECTORS: Record<DetectorKind, Detector> = {
  'card-number': detectCardNumbers,
  'trace-secrets': detectTraceSecrets,
  'phrase-family': detectPhraseFamilies,
  'required-disclosure': detectMissingDisclosure,
  ssn: detectSsn,
  'card-security-code': detectSecurityCode,
  'card-expiry': detectExpiry,
  'date-of-birth': detectDateOfBirth,
  'member-id': detectMemberId,
  readback: detectReadback,
  'before-verification': detectBeforeVerification,
  'injection-complied': detectInjectionComplied,
};

/** Run order: a detector may read hits of the ones before it. */
export const DETECTOR_ORDER: readonly DetectorKind[] = Object.keys(DETECTORS) as DetectorKind[];

export interface ScanOptions extends CallIndexOptions {
  /** Run only rules of these categories. */
  categories?: readonly string[];
}

const FIELD_RANK: Record<string, number> = { text: 0, words: 1, reference: 2 };

function fieldRank(h: ComplianceHitDraft): number {
  const l = h.locations[0];
  return l && l.kind === 'text' ? FIELD_RANK[l.field]! : 0;
}

const turnsOf = (h: ComplianceHitDraft): number[] => [...new Set(h.locations.map((l) => l.turnIndex).filter((t): t is number => t !== null))];

function sameFinding(a: ComplianceHitDraft, b: ComplianceHitDraft): boolean {
  if (a.category !== b.category || a.speaker !== b.speaker || a.speaker === 'trace' || a.locations.length === 0 || b.locations.length === 0) return false;
  const ta = turnsOf(a);
  if (!turnsOf(b).some((t) => ta.includes(t))) return false;
  if (a.secret !== null && a.secret === b.secret) return true;
  // The same kind of finding in another field of the same utterance (the recognizer's words, the reference
  // transcript) is the same finding, even when the recognizer garbled its value.
  if (fieldRank(a) !== fieldRank(b)) return true;
  const overlap = (x: HitLocation, y: HitLocation): boolean =>
    x.kind === 'text' && y.kind === 'text' && x.turnIndex === y.turnIndex && x.field === y.field && x.charStart < y.charEnd && y.charStart < x.charEnd;
  return a.locations.some((x) => b.locations.some((y) => overlap(x, y)));
}

function markDuplicates(hits: ComplianceHitDraft[]): void {
  const order = [...hits].sort((a, b) => fieldRank(a) - fieldRank(b));
  const kept: ComplianceHitDraft[] = [];
  for (const h of order) {
    const same = kept.find((k) => sameFinding(k, h));
    if (same) h.duplicateOf = same.fingerprint;
    else kept.push(h);
  }
}

function uniqueFingerprints(hits: ComplianceHitDraft[]): void {
  const seen = new Map<string, number>();
  for (const h of hits) {
    const n = (seen.get(h.fingerprint) ?? 0) + 1;
    seen.set(h.fingerprint, n);
    if (n > 1) h.fingerprint = `${h.fingerprint}-${n}`;
  }
}

export function scanCall(call: ScannableCall, ruleSet: RuleSet, options: ScanOptions = {}): ComplianceHitDraft[] {
  const index = new CallIndex(call, options);
  const rules = ruleSet.rules
    .filter((r) => r.enabled && (!options.categories || options.categories.includes(r.category)))
    .sort((a, b) => DETECTOR_ORDER.indexOf(a.detector) - DETECTOR_ORDER.indexOf(b.detector));
  const hits: ComplianceHitDraft[] = [];
  for (const rule of rules) hits.push(...runRule(index, rule, hits));
  uniqueFingerprints(hits);
  markDuplicates(hits);
  return hits.sort(byTime);
}

/** Time order; hits without a time (a disclosure never said has 0) go last, then by turn and rule. */
export function byTime(a: Pick<ComplianceHitDraft, 'startMs' | 'turnIndex' | 'ruleId'>, b: Pick<ComplianceHitDraft, 'startMs' | 'turnIndex' | 'ruleId'>): number {
  const ta = a.startMs ?? Number.MAX_VALUE;
  const tb = b.startMs ?? Number.MAX_VALUE;
  return ta - tb || (a.turnIndex ?? -1) - (b.turnIndex ?? -1) || a.ruleId.localeCompare(b.ruleId);
}

function runRule(index: CallIndex, rule: ActiveRule, earlier: readonly ComplianceHitDraft[]): ComplianceHitDraft[] {
  const ctx = createContext(index, earlier);
  return DETECTORS[rule.detector](ctx, rule, new Params(rule.detector, rule.params));
}

/** The JSON shape for one hit. */
export function toScanHitJson(callId: string, h: Pick<ComplianceHitDraft, 'turnIndex' | 'ruleId' | 'category' | 'severity' | 'speaker' | 'startMs' | 'endMs' | 'text'>): ScanHitJson {
  return {
    callId, turnIndex: h.turnIndex, ruleId: h.ruleId, category: h.category, severity: h.severity, speaker: h.speaker,
    startMs: h.startMs, endMs: h.endMs, text: h.text,
  };
}

export function toScanJson(ruleSet: RuleSet, hits: ScanHitJson[]): ScanJson {
  return { rulePacks: ruleSet.packs, hits };
}
