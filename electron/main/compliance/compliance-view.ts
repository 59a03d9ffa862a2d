import { dirname, join } from 'node:path';
import { listedHits } from '../../../shared/compliance/review';
import type { ComplianceView } from '../../../shared/contract/api';
import type { Db } from '../db/open';
import { listHits, readLatestScan } from '../db/queries/compliance-read';
import { loadRuleSet, type LoadedRules } from './rule-packs';

export function complianceView(db: Db, callId: string): ComplianceView | null {
  const scan = readLatestScan(db, callId);
  if (!scan) return null;
  return { scannedAt: scan.scannedAt, rulePacks: scan.rulePacks, ruleSetHash: scan.ruleSetHash, hits: listedHits(listHits(db, { callId })) };
}

/** The user's own rule packs live beside the store, like the CLI's `--db` layout. */
export function userRulesDirFor(db: Db): string | null {
  return db.name && db.name !== ':memory:' ? join(dirname(db.name), 'rules') : null;
}

/** Built-in packs plus the user's, loaded once per host (a malformed user pack is reported, not fatal to the app). */
export function loadRulesFor(db: Db): { rules: LoadedRules | null; error: string | null } {
  try {
    return { rules: loadRuleSet({ userDir: userRulesDirFor(db) }), error: null };
  } catch (err) {
    return { rules: null, error: err instanceof Error ? err.message : String(err) };
  }
}
