/**
 * Builds a regression package from a stored call: selection and its reasons, expectations (pre-filled,
 * then the analyst's edits), caller clips, the trace excerpt as a Turnscope call file, tool results as
 * mocks, a README, and the manifest with the SHA-256 of every file — sealed and checked against the
 * published schema before anything is returned. A redacted package is swept for every removed value
 * (text files, manifest and audio bytes) and refused if one is left.
 */
import { randomUUID } from 'node:crypto';
import { basename, posix } from 'node:path';
import { existsSync } from 'node:fs';
import { countLeaks } from '../../../shared/compliance/redaction/verify';
import type { Turn } from '../../../shared/model/call';
import type { PackageExpectations } from '../../../shared/packages/expectations';
import { PACKAGE_FORMAT, PACKAGE_PATHS, PACKAGE_VERSION, TOOL_MOCKS_FORMAT, type PackageFile, type PackageManifest, type PackageTurn, type SelectionReason, type ToolMock, type ToolMocksFile } from '../../../shared/packages/manifest';
import { endToEndMs, measureTranscript } from '../../../shared/packages/measure';
import { applyExpectationOverrides, toOverrideForm } from '../../../shared/packages/overrides';
import { packageReadme } from '../../../shared/packages/package-readme';
import { DEFAULT_NORMALIZATION, defaultExpectations, defaultTurnSelection, turnRanges } from '../../../shared/packages/prefill';
import { STAGE_KEYS } from '../../../shared/analysis/thresholds';
import type { RuleSet } from '../../../shared/compliance/types';
import { thresholdsInEffect } from '../analysis/thresholds-config';
import { toCallFile } from '../compliance/call-file-export';
import type { Db } from '../db/open';
import { sealManifest, sha256File, sha256Hex } from './integrity';
import { packageAudio } from './package-audio';
import { editCount, editsByCategory, ExportInputError, prepareCall, RedactionFailedError, ruleSetCategories, type PreparedCall } from './prepare-call';
import { schemaProblems } from './schemas';
import type { ZipEntry } from './zip-writer';

export interface PackageOptions {
  /** Turns of the call to package; default: every turn in which the caller spoke. */
  turns?: readonly number[];
  redact?: boolean;
  wholeRecording?: boolean;
  /** Complete expectations (the app's edited copy of the defaults); wins over `expectationsOverride`. */
  expectations?: PackageExpectations;
  /** A partial override merged over the defaults (the CLI's --expectations file). */
  expectationsOverride?: unknown;
  title?: string;
  note?: string | null;
  author?: string | null;
  ruleSet: RuleSet;
  toolVersion: string;
  audioFill?: 'silence' | 'tone';
  now?: () => Date;
  packageId?: string;
  /** File name the package will have, for the README's verify example. */
  zipName?: string;
}

export interface BuiltPackage {
  manifest: PackageManifest;
  /** Every file but the manifest, in zip order. */
  entries: ZipEntry[];
  /** The tool results written as mocks (for the Pipecat and Vapi exports). */
  mocks: ToolMock[];
  warnings: string[];
}

function selectedTurns(p: PreparedCall, wanted: readonly number[] | undefined): number[] {
  const indexes = new Set(p.working.turns.map((t) => t.index));
  if (!wanted || wanted.length === 0) {
    const all = defaultTurnSelection(p.working.turns);
    if (all.length === 0) throw new ExportInputError(`call "${p.detail.id}" has no turn in which the caller speaks; choose turns with --turns`);
    return all;
  }
  const missing = wanted.filter((i) => !indexes.has(i));
  if (missing.length > 0) throw new ExportInputError(`call "${p.detail.id}" has no turn ${missing.join(', ')} (its turns: ${[...indexes].sort((a, b) => a - b).join(', ')})`);
  return [...new Set(wanted)].sort((a, b) => a - b);
}

/** Defaults from the call, then the analyst's edits; the same function the app calls before showing the dialog. */
export function packageExpectations(p: PreparedCall, db: Db, turns: readonly number[], o: Pick<PackageOptions, 'expectations' | 'expectationsOverride'>): PackageExpectations {
  if (o.expectations) {
    const stray = o.expectations.turns.filter((t) => !turns.includes(t.turnIndex));
    if (stray.length > 0) throw new ExportInputError(`expectations name turn ${stray.map((t) => t.turnIndex).join(', ')}, which is not selected`);
    // The app's edited copy is checked field by field like an override of nothing, so a bad value is
    // reported with its path; a selected turn it leaves out gets no expectations but its match.
    const blank: PackageExpectations = {
      turns: turns.map((turnIndex) => ({ turnIndex, transcript: null, noHallucinationRun: null, intent: null, toolCalls: null, latency: null, phrases: null })),
      compliance: null,
    };
    return applyExpectationOverrides(blank, toOverrideForm(o.expectations));
  }
  const defaults = defaultExpectations({
    turns: p.working.turns,
    turnIndexes: turns,
    thresholds: thresholdsInEffect(db).thresholds,
    normalization: p.detail.analysis?.normalization.id ?? DEFAULT_NORMALIZATION,
    compliance: {
      categories: ruleSetCategories(p.ruleSet),
      findings: p.findings.map((f) => ({ category: f.draft.category, turnIndex: f.draft.turnIndex, status: f.status })),
    },
  });
  return o.expectationsOverride === undefined ? defaults : applyExpectationOverrides(defaults, o.expectationsOverride);
}

/** Why the turns are exported: the analysis's warnings and criticals in them (and the call's), and confirmed compliance findings. */
export function selectionReasons(p: PreparedCall, turns: ReadonlySet<number>): SelectionReason[] {
  const fromFlags = p.detail.flags
    .filter((f) => f.severity !== 'info' && (f.turnIndex === null || turns.has(f.turnIndex)))
    .map((f) => ({ kind: f.kind, severity: f.severity, turnIndex: f.turnIndex, detail: f.detail }));
  const confirmed = p.findings
    .filter((f) => f.status === 'confirmed' && (f.draft.turnIndex === null || turns.has(f.draft.turnIndex)))
    .map((f) => ({ kind: `compliance:${f.draft.category}`, severity: f.draft.severity, turnIndex: f.draft.turnIndex, detail: f.draft.detail }));
  return [...fromFlags, ...confirmed];
}

function packageTurn(t: Turn, normalization: string, minRun: number): Omit<PackageTurn, 'clip' | 'clipOmitted'> {
  const m = t.referenceText && t.caller ? measureTranscript(t.referenceText, t.caller, normalization, minRun) : null;
  const stagesMs: Record<string, number> = {};
  for (const k of STAGE_KEYS) if (t.timings[k] !== null) stagesMs[k] = t.timings[k]!;
  return {
    index: t.index,
    callerText: t.caller?.text ?? null,
    reference: t.referenceText,
    agentText: t.agent?.text ?? null,
    callerStartMs: t.caller?.startMs ?? null,
    callerEndMs: t.caller?.endMs ?? null,
    observed: {
      wer: m?.wer.wer ?? null,
      hallucinationRuns: m?.runs.length ?? 0,
      intent: t.intent?.name ?? null,
      endToEndMs: endToEndMs(t.timings),
      stagesMs,
      toolCalls: t.toolCalls.map((c) => c.name),
    },
  };
}

function defaultTitle(p: PreparedCall, turns: readonly number[], why: readonly SelectionReason[]): string {
  const kinds = [...new Set(why.filter((r) => r.severity === 'critical').map((r) => `${r.kind}${r.turnIndex !== null ? ` (turn ${r.turnIndex})` : ''}`))];
  const head = `${p.working.id}, turn${turns.length > 1 ? 's' : ''} ${turnRanges(turns)}`;
  return (kinds.length ? `${head}: ${kinds.join(', ')}` : head).slice(0, 300);
}

/** Limits of the published schema, checked up front so a long title is a usage error, not a failed export. */
function checkTexts(o: PackageOptions): void {
  const limits: Array<[string, string | null | undefined, number]> = [['title', o.title, 300], ['note', o.note, 5000], ['author', o.author, 200]];
  for (const [name, value, max] of limits) {
    if (value && value.length > max) throw new ExportInputError(`the ${name} is ${value.length} characters; at most ${max}`);
  }
}

export async function buildPackage(db: Db, callId: string, o: PackageOptions): Promise<BuiltPackage> {
  checkTexts(o);
  const p = prepareCall(db, callId, o.ruleSet, o.redact ?? false);
  const turns = selectedTurns(p, o.turns);
  const selected = new Set(turns);
  const expectations = packageExpectations(p, db, turns, o);
  const th = thresholdsInEffect(db);
  const normalization = expectations.turns.find((t) => t.transcript)?.transcript?.normalization ?? DEFAULT_NORMALIZATION;
  const last = Math.max(...turns);
  const excerptTurns = p.working.turns.filter((t) => t.index <= last);
  const fill = o.audioFill ?? 'silence';
  const audio = await packageAudio({
    recording: p.detail.recordings[0] ?? null,
    turns: p.working.turns.filter((t) => selected.has(t.index)),
    wholeRecording: o.wholeRecording ?? false,
    plan: p.redaction?.plan ?? null,
    fill,
  });

  const rec = p.detail.recordings[0] ?? null;
  const callFile = toCallFile({
    id: p.working.id,
    detail: p.detail,
    turns: excerptTurns,
    spans: p.working.spans.filter((s) => s.turnIndex !== null && s.turnIndex <= last),
    metadata: p.working.metadata,
    recording: audio.recording && rec
      ? { path: posix.relative(posix.dirname(PACKAGE_PATHS.trace), audio.recording.path), callerChannel: rec.roles.caller, agentChannel: rec.roles.agent, sha256: audio.recording.sha256 }
      : null,
  });
  const mocks: ToolMocksFile = {
    format: TOOL_MOCKS_FORMAT,
    version: 1,
    mocks: excerptTurns.flatMap((t) => t.toolCalls.map((c) => ({ turnIndex: t.index, id: c.id, name: c.name, arguments: c.arguments ?? null, result: c.result ?? null }))),
  };

  const textEntries: Array<{ path: string; role: PackageFile['role']; data: Buffer }> = [
    { path: PACKAGE_PATHS.trace, role: 'trace', data: Buffer.from(JSON.stringify(callFile, null, 2) + '\n') },
    { path: PACKAGE_PATHS.mocks, role: 'mocks', data: Buffer.from(JSON.stringify(mocks, null, 2) + '\n') },
  ];
  const files: PackageFile[] = [];
  for (const e of [...textEntries, ...audio.entries]) {
    if ('data' in e) files.push({ path: e.path, role: e.role, bytes: e.data.length, sha256: sha256Hex(e.data) });
    else files.push({ path: e.path, role: e.role, ...(await sha256File(e.file)) });
  }

  const why = selectionReasons(p, selected);
  const d = p.detail;
  const replaced = p.redaction?.idReplaced ?? false;
  const sourceFiles: PackageManifest['source']['files'] = [];
  // A redacted package names the trace but does not hash it: the hash of the unredacted file would let anyone test guesses.
  if (d.sourcePath) sourceFiles.push({ role: 'trace', name: basename(d.sourcePath), sha256: !p.redaction && existsSync(d.sourcePath) ? (await sha256File(d.sourcePath)).sha256 : null });
  for (const r of d.recordings) sourceFiles.push({ role: 'recording', name: basename(r.path), sha256: r.sha256 });
  const now = (o.now ?? (() => new Date()))();
  const draft: PackageManifest = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    packageId: o.packageId ?? `pkg-${randomUUID()}`,
    title: o.title?.trim() || defaultTitle(p, turns, why),
    createdAt: now.toISOString(),
    createdBy: { tool: 'turnscope', version: o.toolVersion, author: o.author ?? null },
    source: {
      callId: p.working.id, externalId: replaced ? null : d.externalId, format: d.sourceFormat, agent: d.agent, startedAt: d.startedAt, durationMs: d.durationMs,
      outcome: d.outcome, endedReason: d.endedReason, contentHash: p.redaction ? null : d.contentHash, files: replaced ? [] : sourceFiles,
    },
    selection: { turns, reasons: why, note: o.note ?? null },
    redaction: p.redaction
      ? {
          applied: true, categories: p.redaction.categories, rulePacks: p.ruleSet.packs, ruleSetHash: p.ruleSet.hash, edits: editCount(p.redaction.plan),
          byCategory: editsByCategory(p.redaction.plan), audio: fill,
          notes: [
            ...(p.redaction.keptByReviewers ? [`${p.redaction.keptByReviewers} finding(s) a reviewer dismissed were left in place`] : []),
            ...(replaced ? ['the call id held a removed value and was replaced'] : []),
            'the reference transcripts and expected tool arguments are redacted too: verify redacts the new call with the same rules before comparing',
          ],
        }
      : { applied: false, categories: [], rulePacks: [], ruleSetHash: null, edits: 0, byCategory: {}, audio: null, notes: [] },
    compliance: expectations.compliance ? { rulePacks: p.ruleSet.packs, ruleSetHash: p.ruleSet.hash } : null,
    thresholds: { id: th.thresholds.id, version: th.thresholds.version, hash: th.hash },
    context: excerptTurns.filter((t) => !selected.has(t.index)).map((t) => ({ index: t.index, callerText: t.caller?.text ?? null, reference: t.referenceText, agentText: t.agent?.text ?? null })),
    turns: p.working.turns.filter((t) => selected.has(t.index)).map((t) => ({
      ...packageTurn(t, normalization, th.thresholds.hallucination.minRunLength),
      ...(audio.turns.get(t.index) ?? { clip: null, clipOmitted: 'no audio' }),
    })),
    expectations,
    files,
    manifestSha256: '',
  };
  draft.redaction.notes.push(...audio.notes);
  const readme = Buffer.from(packageReadme(draft, o.zipName ?? 'package.zip'));
  draft.files.unshift({ path: PACKAGE_PATHS.readme, role: 'readme', bytes: readme.length, sha256: sha256Hex(readme) });
  const manifest = sealManifest(draft);
  const problem = schemaProblems('package', manifest);
  if (problem) throw new Error(`the package manifest does not match its own schema (a Turnscope bug): ${problem}`);

  const entries: ZipEntry[] = [{ path: PACKAGE_PATHS.readme, data: readme }, ...textEntries.map(({ path, data }) => ({ path, data })), ...audio.entries.map((e) => ('data' in e ? { path: e.path, data: e.data } : { path: e.path, file: e.file }))];
  if (p.redaction) {
    const s = p.redaction.secrets;
    const leaks = countLeaks(JSON.stringify(manifest), s) + entries.reduce((n, e) => n + ('data' in e ? countLeaks(e.data.toString('latin1'), s) : 0), 0);
    if (leaks > 0) throw new RedactionFailedError(`the redacted package still contains ${leaks} removed value(s); nothing was written`);
  }
  return { manifest, entries, mocks: mocks.mocks, warnings: audio.notes };
}
