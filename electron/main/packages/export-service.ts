/**
 * Export of regression packages, as the CLI and the app call it: `previewPackage` gives the dialog what
 * to show and edit (selected turns, why, default expectations), `exportPackage` writes the zip and lists
 * it in the store's package library.
 */
import { basename, resolve } from 'node:path';
import type { RuleSet } from '../../../shared/compliance/types';
import { countAssertions, type PackageExpectations } from '../../../shared/packages/expectations';
import type { PackageManifest, SelectionReason, ToolMock } from '../../../shared/packages/manifest';
import { defaultTurnSelection } from '../../../shared/packages/prefill';
import type { Db } from '../db/open';
import { recordPackage } from '../db/queries/packages-write';
import { buildPackage, packageExpectations, selectionReasons, type PackageOptions } from './package-builder';
import { ExportInputError, prepareCall } from './prepare-call';
import { writeZip } from './zip-writer';

export interface PackagePreview {
  callId: string;
  /** Turns selected by default (or as asked). */
  turns: number[];
  /** Every turn the call has, for the dialog's picker. */
  availableTurns: number[];
  reasons: SelectionReason[];
  expectations: PackageExpectations;
  assertionCount: number;
}

/** What the export dialog starts from: the defaults for `turns` (every caller turn when omitted). */
export function previewPackage(db: Db, callId: string, o: { turns?: readonly number[]; redact?: boolean; ruleSet: RuleSet }): PackagePreview {
  const p = prepareCall(db, callId, o.ruleSet, o.redact ?? false);
  const available = p.working.turns.map((t) => t.index);
  const turns = o.turns && o.turns.length > 0 ? [...new Set(o.turns)].sort((a, b) => a - b) : defaultTurnSelection(p.working.turns);
  const missing = turns.filter((t) => !available.includes(t));
  if (missing.length > 0) throw new ExportInputError(`call "${callId}" has no turn ${missing.join(', ')}`);
  const expectations = packageExpectations(p, db, turns, {});
  const reasons = selectionReasons(p, new Set(turns));
  return { callId, turns, availableTurns: available, reasons, expectations, assertionCount: countAssertions(expectations) };
}

export interface ExportResult {
  path: string;
  manifest: PackageManifest;
  mocks: ToolMock[];
  warnings: string[];
}

export async function exportPackage(db: Db, callId: string, outPath: string, o: PackageOptions): Promise<ExportResult> {
  const path = resolve(outPath);
  const built = await buildPackage(db, callId, { ...o, zipName: o.zipName ?? basename(path) });
  const m = built.manifest;
  const manifestEntry = { path: 'manifest.json', data: Buffer.from(JSON.stringify(m, null, 2) + '\n') };
  await writeZip(path, [manifestEntry, ...built.entries], new Date(m.createdAt));
  recordPackage(db, {
    id: m.packageId, manifestSha256: m.manifestSha256, title: m.title, sourceCallId: callId, turns: m.selection.turns,
    redacted: m.redaction.applied, assertionCount: countAssertions(m.expectations), path, createdAt: m.createdAt,
  });
  return { path, manifest: m, mocks: built.mocks, warnings: built.warnings };
}
