import { ApiError, type AppInfo, type TurnscopeApi } from '../../../shared/contract/api';
import type { PeaksResponse } from '../../../shared/model/recording';
import type { Db } from '../db/open';
import { getRecording } from '../db/queries/calls-read';
import { searchCalls } from '../db/queries/call-search';
import { CALL_OUTCOMES } from '../../../shared/model/call';
import { getCallWithAnalysis } from '../analysis/call-with-analysis';
import { peakLevels, readPeaks } from '../db/queries/peaks-read';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { importPaths } from '../import/import-service';
import { ImportJobs } from '../import/import-jobs';
import { RolesError, swapCallRoles } from '../audio/recording-roles';
import { reanalyzeCall } from '../analysis/analysis-service';
import { fleetMetricsFor } from '../analysis/fleet';
import { complianceView, loadRulesFor } from '../compliance/compliance-view';
import { ComplianceInputError, reviewHit, scanStoredCall } from '../compliance/scan-service';
import { ReviewError } from '../db/queries/compliance-write';
import { redactedCall } from '../compliance/redacted-call';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportPackage, previewPackage } from '../packages/export-service';
import { ExportInputError } from '../packages/prepare-call';
import { listPackages } from '../db/queries/packages-read';
import { ExpectationsError, toOverrideForm } from '../../../shared/packages/overrides';
import { countAssertions } from '../../../shared/packages/expectations';
import { setTurnReference } from '../db/queries/analysis-write';
import { listSamplePaths } from '../samples';

export interface HandlerContext {
  db: Db;
  databasePath: string;
  host: AppInfo['host'];
  version: string;
  samplesDir: string;
  /** The system file dialog, where the host has one (Electron). */
  chooseFiles?: () => Promise<string[]>;
}

/**
 * The API's implementation, one function per method of the shared contract. Hosts (Electron IPC, the
 * browser host's HTTP, tests) only move inputs and results; they add no behaviour of their own.
 */
export function createApiHandlers(ctx: HandlerContext): TurnscopeApi {
  const { db } = ctx;
  const jobs = new ImportJobs(db);
  // Rule packs are read once per host; a malformed user pack is reported when a scan is asked for.
  const rules = loadRulesFor(db);
  const ruleSet = () => {
    if (!rules.rules) throw new ApiError('invalid_input', `rule packs could not be loaded: ${rules.error}`);
    return rules.rules.ruleSet;
  };
  return {
    async getAppInfo() {
      return {
        version: ctx.version,
        host: ctx.host,
        databasePath: ctx.databasePath,
        schemaVersion: LATEST_SCHEMA_VERSION,
        sampleCount: listSamplePaths(ctx.samplesDir).length,
      };
    },
    async listCalls(input) {
      const limit = optionalInt(input?.limit, 'limit', 1, 10_000) ?? 100;
      const offset = optionalInt(input?.offset, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const text = input?.text === undefined ? undefined : requireString(input.text, 'text');
      const flagKind = input?.flagKind === undefined ? undefined : requireString(input.flagKind, 'flagKind');
      const outcome = input?.outcome;
      if (outcome !== undefined && !CALL_OUTCOMES.includes(outcome)) throw new ApiError('invalid_input', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
      return searchCalls(db, { text, outcome, flagKind, limit, offset });
    },
    async getFleetMetrics(input) {
      const outcome = input?.outcome;
      if (outcome !== undefined && !CALL_OUTCOMES.includes(outcome)) throw new ApiError('invalid_input', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
      return fleetMetricsFor(db, {
        text: input?.text === undefined ? undefined : requireString(input.text, 'text'),
        outcome,
        flagKind: input?.flagKind === undefined ? undefined : requireString(input.flagKind, 'flagKind'),
      });
    },
    async getCall(input) {
      const callId = requireString(input?.callId, 'callId');
      const call = getCallWithAnalysis(db, callId);
      if (!call) throw new ApiError('not_found', `no call with id "${callId}"`);
      return input.redacted === true ? redactedCall(db, call) : call;
    },
    async getCompliance(input) {
      return complianceView(db, requireString(input?.callId, 'callId'));
    },
    async scanCall(input) {
      const callId = requireString(input?.callId, 'callId');
      try {
        scanStoredCall(db, callId, ruleSet());
      } catch (err) {
        if (err instanceof ComplianceInputError) throw new ApiError('not_found', err.message);
        throw err;
      }
      return complianceView(db, callId)!;
    },
    async reviewComplianceHit(input) {
      const callId = requireString(input?.callId, 'callId');
      const fingerprint = requireString(input?.fingerprint, 'fingerprint');
      if (!['open', 'confirmed', 'dismissed'].includes(input.status)) throw new ApiError('invalid_input', 'status must be open, confirmed or dismissed');
      try {
        reviewHit(db, { callId, fingerprint, status: input.status, reason: input.reason ?? null, reviewer: null });
      } catch (err) {
        if (err instanceof ComplianceInputError || err instanceof ReviewError) throw new ApiError('invalid_input', err.message);
        throw err;
      }
      return complianceView(db, callId)!;
    },
    async getPeaks(input) {
      const recordingId = requireString(input?.recordingId, 'recordingId');
      const minPerSecond = optionalInt(input?.minPeaksPerSecond, 'minPeaksPerSecond', 1, 100_000) ?? 0;
      const rec = getRecording(db, recordingId);
      if (!rec) throw new ApiError('not_found', `no recording with id "${recordingId}"`);
      return peaksAtResolution(db, rec.id, rec.sampleRate, rec.durationMs, minPerSecond);
    },
    async importPaths(input) {
      const paths = input?.paths;
      if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
        throw new ApiError('invalid_input', 'paths must be a non-empty list of file or folder paths');
      }
      return importPaths(db, paths);
    },
    async importSamples() {
      const samples = listSamplePaths(ctx.samplesDir);
      if (samples.length === 0) throw new ApiError('not_found', `no sample calls found in ${ctx.samplesDir}`);
      return importPaths(db, samples);
    },
    async setReference(input) {
      const callId = requireString(input?.callId, 'callId');
      const turnIndex = optionalInt(input?.turnIndex, 'turnIndex', 0, 1_000_000);
      if (turnIndex === undefined) throw new ApiError('invalid_input', 'turnIndex is required');
      const text = input.text === null ? null : requireString(input.text, 'text').trim() || null;
      const call = getCallWithAnalysis(db, callId);
      if (!call) throw new ApiError('not_found', `no call with id "${callId}"`);
      if (!call.turns.some((t) => t.index === turnIndex && t.caller)) throw new ApiError('invalid_input', `turn ${turnIndex} has no caller utterance`);
      db.transaction(() => {
        setTurnReference(db, callId, turnIndex, text, text === null ? null : 'analyst');
      })();
      reanalyzeCall(db, callId);
      return getCallWithAnalysis(db, callId)!;
    },
    async swapChannelRoles(input) {
      const callId = requireString(input?.callId, 'callId');
      try {
        swapCallRoles(db, callId);
      } catch (err) {
        if (err instanceof RolesError) throw new ApiError('invalid_input', err.message);
        throw err;
      }
      return getCallWithAnalysis(db, callId)!;
    },
    async previewPackage(input) {
      const callId = requireString(input?.callId, 'callId');
      try {
        const p = previewPackage(db, callId, { turns: turnList(input.turns), redact: input.redact === true, ruleSet: ruleSet() });
        return { ...p, expectations: toOverrideForm(p.expectations) };
      } catch (err) {
        throw packageError(err);
      }
    },
    async exportPackage(input) {
      const callId = requireString(input?.callId, 'callId');
      const dir = packagesDir(db);
      mkdirSync(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      const out = join(dir, `${callId.replace(/[^\w.-]+/g, '_')}-${stamp}.zip`);
      try {
        const r = await exportPackage(db, callId, out, {
          turns: turnList(input.turns),
          redact: input.redact === true,
          wholeRecording: input.wholeRecording === true,
          title: typeof input.title === 'string' && input.title.trim() ? input.title.trim() : undefined,
          expectationsOverride: input.expectations,
          ruleSet: ruleSet(),
          toolVersion: `turnscope ${ctx.version}`,
        });
        return { path: r.path, packageId: r.manifest.packageId, assertionCount: countAssertions(r.manifest.expectations), warnings: r.warnings };
      } catch (err) {
        throw packageError(err);
      }
    },
    async listPackages(input) {
      return listPackages(db, input?.callId === undefined ? undefined : requireString(input.callId, 'callId'));
    },
    async startImport(input) {
      const paths = input?.paths;
      if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
        throw new ApiError('invalid_input', 'paths must be a non-empty list of file or folder paths');
      }
      if (input.format !== undefined && typeof input.format !== 'string') throw new ApiError('invalid_input', 'format must be a string');
      return { jobId: jobs.start(paths, input.format) };
    },
    async getImportJob(input) {
      const job = jobs.get(requireString(input?.jobId, 'jobId'));
      if (!job) throw new ApiError('not_found', `no import job "${input.jobId}"`);
      return job;
    },
    async cancelImport(input) {
      return { cancelled: jobs.cancel(requireString(input?.jobId, 'jobId')) };
    },
    async chooseImportPaths() {
      if (!ctx.chooseFiles) {
        throw new ApiError('unsupported', 'this host has no file dialog: type the path of a file or folder on this machine');
      }
      return { paths: await ctx.chooseFiles() };
    },
  };
}

function peaksAtResolution(db: Db, recordingId: string, sampleRate: number, durationMs: number, minPerSecond: number): PeaksResponse {
  const levels = peakLevels(db, recordingId);
  // Coarsest level that still gives the requested density; the finest if none does.
  const fitting = levels.filter((spp) => sampleRate / spp >= minPerSecond);
  const chosen = fitting.length > 0 ? fitting[fitting.length - 1]! : levels[0];
  if (chosen === undefined) throw new ApiError('not_found', `recording "${recordingId}" has no stored peaks`);
  return {
    recordingId,
    sampleRate,
    durationMs,
    channels: readPeaks(db, recordingId, chosen).map((p) => ({
      channel: p.channel,
      samplesPerPeak: p.samplesPerPeak,
      data: Array.from(p.data, (v) => Math.round((v / 32767) * 10000) / 10000),
    })),
  };
}

function turnList(v: unknown): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((n) => Number.isInteger(n) && n >= 0)) throw new ApiError('invalid_input', 'turns must be a list of turn indexes');
  return v as number[];
}

/** Package errors the user can act on keep their message; anything else is internal. */
function packageError(err: unknown): unknown {
  if (err instanceof ExportInputError || err instanceof ExpectationsError) return new ApiError('invalid_input', err.message);
  return err;
}

/** Packages made in the app go beside the store, like the zips it unpacks. */
function packagesDir(db: Db): string {
  return db.name && db.name !== ':memory:' ? join(dirname(db.name), 'packages') : join(tmpdir(), 'turnscope-packages');
}

function requireString(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new ApiError('invalid_input', `${name} must be a non-empty string`);
  return v;
}

function optionalInt(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ApiError('invalid_input', `${name} must be an integer between ${min} and ${max}`);
  }
  return v;
}
