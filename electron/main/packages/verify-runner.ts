/**
 * `verify`: a package judged against a new agent version's call. The new trace (any format Turnscope
 * reads, with its recording when given) is imported into a temporary store that is deleted afterwards,
 * so the user's store is not touched unless asked (`store`). A redacted package is compared with the
 * new call redacted by the same rules (its references and expected arguments hold redaction labels);
 * the compliance expectation is checked against a scan of the new call as it is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { redactCall } from '../../../shared/compliance/redaction/verify';
import { scanCall } from '../../../shared/compliance/scan';
import type { Category, RuleSet } from '../../../shared/compliance/types';
import type { CallDetail } from '../../../shared/model/dto';
import { evaluatePackage, type Assertion, type EvaluationSummary } from '../../../shared/packages/evaluate';
import type { TurnMatch } from '../../../shared/packages/turn-matching';
import { getCallWithAnalysis } from '../analysis/call-with-analysis';
import { openDatabase, type Db } from '../db/open';
import { readCallMetadata } from '../db/queries/compliance-read';
import { recordVerification } from '../db/queries/packages-write';
import { importPaths } from '../import/import-service';
import { openPackage, type OpenedPackage } from './open-package';

export class TraceInputError extends Error {
  override name = 'TraceInputError';
}

export interface VerifyOptions {
  /** The new call's trace: a file, or a folder holding it (and its recording). */
  trace: string;
  recording?: string | null;
  /** Which call to verify when the trace holds several. */
  callId?: string | null;
  /** The user's store: when given, the new call is imported into it and the verification recorded. */
  store?: Db | null;
  ruleSet: RuleSet;
  /** Skipped assertions (what the new trace cannot show) count as failures. */
  strict?: boolean;
  now?: () => Date;
}

export interface VerifyReport {
  package: { path: string; packageId: string; title: string; manifestSha256: string; sourceCallId: string; createdAt: string; redacted: boolean };
  trace: { path: string; recording: string | null; callId: string; format: string; turnCount: number; storedAs: string | null };
  matches: TurnMatch[];
  assertions: Assertion[];
  summary: EvaluationSummary;
  passed: boolean;
  strict: boolean;
  notes: string[];
  verifiedAt: string;
  durationMs: number;
}

async function importTrace(db: Db, o: VerifyOptions, archivesDir: string): Promise<{ call: CallDetail; notes: string[] }> {
  const paths = [resolve(o.trace), ...(o.recording ? [resolve(o.recording)] : [])];
  const report = await importPaths(db, paths, { archivesDir });
  const notes: string[] = [];
  if (report.imported.length === 0) {
    const why = report.failed.map((f) => f.error).join('; ') || 'no trace Turnscope reads was found';
    throw new TraceInputError(`${o.trace}: no call could be read (${why})`);
  }
  const pick = o.callId ? report.imported.find((c) => c.callId === o.callId) : report.imported.length === 1 ? report.imported[0] : undefined;
  if (!pick) {
    throw new TraceInputError(o.callId
      ? `${o.trace}: holds no call "${o.callId}" (it holds ${report.imported.map((c) => c.callId).join(', ')})`
      : `${o.trace}: holds ${report.imported.length} calls (${report.imported.map((c) => c.callId).join(', ')}); choose one with --call`);
  }
  for (const f of report.failed) notes.push(`not imported: ${f.error}`);
  if (o.recording && pick.paired.recording !== resolve(o.recording)) {
    notes.push(`the recording ${o.recording} could not be paired with the trace (name it like the trace or the call id); verified without it`);
  }
  notes.push(...pick.warnings.map((w) => `import: ${w}`));
  const call = getCallWithAnalysis(db, pick.callId);
  if (!call) throw new TraceInputError(`${o.trace}: the imported call could not be read back`);
  return { call, notes };
}

/** Verifies an already opened package (the golden-set runner opens each one first to find its trace). */
export async function verifyOpened(pkg: OpenedPackage, zipPath: string, o: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const m = pkg.manifest;
  const tmp = mkdtempSync(join(tmpdir(), 'turnscope-verify-'));
  try {
    const db = openDatabase(join(tmp, 'verify.db'));
    let imported: { call: CallDetail; notes: string[] };
    let metadata: Record<string, unknown>;
    try {
      imported = await importTrace(db, o, join(tmp, 'archives'));
      metadata = readCallMetadata(db, imported.call.id) ?? {};
    } finally {
      db.close();
    }
    const { call, notes } = imported;
    const asIs = { id: call.id, turns: call.turns, spans: call.spans, metadata };
    let judged = asIs;
    if (m.redaction.applied) {
      if (m.redaction.ruleSetHash !== o.ruleSet.hash) notes.push('the package was redacted under other rules than the ones loaded now; labels may differ');
      judged = redactCall(asIs, o.ruleSet, { categories: m.redaction.categories as Category[] }).call;
    }
    let findings = null;
    if (m.expectations.compliance) {
      if (m.compliance && m.compliance.ruleSetHash !== o.ruleSet.hash) notes.push('the compliance rules loaded now differ from the ones the package was made with');
      findings = scanCall(asIs, o.ruleSet)
        .filter((d) => d.duplicateOf === null)
        .map((d) => ({ category: d.category, ruleId: d.ruleId, severity: d.severity, turnIndex: d.turnIndex, text: d.text }));
    }
    const evaluation = evaluatePackage({
      expectations: m.expectations,
      packageTurns: m.turns.map((t) => ({ index: t.index, callerText: t.callerText, reference: t.reference })),
      call: judged,
      findings,
    });
    const strict = o.strict ?? false;
    const verifiedAt = (o.now ?? (() => new Date()))().toISOString();
    let storedAs: string | null = null;
    if (o.store) {
      const r = await importPaths(o.store, [resolve(o.trace), ...(o.recording ? [resolve(o.recording)] : [])]);
      storedAs = r.imported.find((c) => c.callId === call.id)?.callId ?? null;
    }
    const report: VerifyReport = {
      package: { path: resolve(zipPath), packageId: m.packageId, title: m.title, manifestSha256: m.manifestSha256, sourceCallId: m.source.callId, createdAt: m.createdAt, redacted: m.redaction.applied },
      trace: { path: resolve(o.trace), recording: o.recording ? resolve(o.recording) : null, callId: call.id, format: call.sourceFormat, turnCount: call.turns.length, storedAs },
      matches: evaluation.matches,
      assertions: evaluation.assertions,
      summary: evaluation.summary,
      passed: evaluation.summary.failed === 0 && (!strict || evaluation.summary.skipped === 0),
      strict,
      notes,
      verifiedAt,
      durationMs: Date.now() - started,
    };
    if (o.store) {
      recordVerification(o.store, {
        packageId: m.packageId, manifestSha256: m.manifestSha256, tracePath: report.trace.path, callId: storedAs,
        passed: report.summary.passed, failed: report.summary.failed, skipped: report.summary.skipped, verifiedAt, report,
      });
    }
    return report;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function verifyPackage(zipPath: string, o: VerifyOptions): Promise<VerifyReport> {
  const pkg = await openPackage(zipPath);
  try {
    return await verifyOpened(pkg, zipPath, o);
  } finally {
    pkg.close();
  }
}
