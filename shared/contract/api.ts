/**
 * The one API contract between the renderer and the main side. Every method is declared here once, with
 * its input and output. The Electron preload, the browser host's HTTP client and the tests all derive from
 * this table, and the main side's handlers are typed against it, so the sides cannot drift.
 */
import type { FleetMetrics } from '../analysis';
import type { ComplianceHit, HitStatus, RulePackRef } from '../compliance/types';
import type { SelectionReason } from '../packages/manifest';
import type { PackageSummary } from '../packages/package-summary';
import type { CallPage, CallQuery } from '../model/call-query';
import type { CallDetail, ImportReport } from '../model/dto';
import type { ImportProgress } from '../model/import-progress';
import type { PeaksResponse } from '../model/recording';

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser' | 'test';
  databasePath: string;
  schemaVersion: number;
  sampleCount: number;
}

export interface ApiSpec {
  getAppInfo: { input: Record<string, never>; output: AppInfo };
  /** The library: text search over what was said, facets, one page at a time. */
  listCalls: { input: CallQuery; output: CallPage };
  /** Metrics over every call the query selects (P50/P90/P95/P99 per stage, rates with status). */
  getFleetMetrics: { input: CallQuery; output: FleetMetrics & { thresholds: { id: string; version: number } } };
  /** A call; `redacted` returns it with every compliance hit removed from text, words and trace payloads. */
  getCall: { input: { callId: string; redacted?: boolean }; output: CallDetail };
  /** The call's stored compliance scan (null before the first scan). */
  getCompliance: { input: { callId: string }; output: ComplianceView | null };
  /** Scan the call again with the rule packs in effect; reviewer decisions are kept. */
  scanCall: { input: { callId: string }; output: ComplianceView };
  /**
   * A reviewer's decision on a finding, named by its fingerprint (stable across re-scans, unlike row ids):
   * confirmed, dismissed (a reason is required) or open again.
   */
  reviewComplianceHit: { input: { callId: string; fingerprint: string; status: HitStatus; reason?: string }; output: ComplianceView };
  /** Peaks of a recording at the coarsest stored level that still gives `minPeaksPerSecond`. */
  getPeaks: { input: { recordingId: string; minPeaksPerSecond?: number }; output: PeaksResponse };
  /** Import files or folders from this machine (Electron file picker; the CLI uses the service directly). */
  importPaths: { input: { paths: string[] }; output: ImportReport };
  /** Import the sample calls bundled in resources/samples. */
  importSamples: { input: Record<string, never>; output: ImportReport };
  /** The analyst's reference transcript for a caller turn (null clears it); the call is re-analysed. */
  setReference: { input: { callId: string; turnIndex: number; text: string | null }; output: CallDetail };
  /** Exchange caller and agent channels of a call's recording; turns and audio flags are re-measured. */
  swapChannelRoles: { input: { callId: string }; output: CallDetail };
  /** What an export of the call would hold: default turns (those with findings), reasons, expectations. */
  previewPackage: { input: { callId: string; turns?: number[]; redact?: boolean }; output: PackagePreviewView };
  /**
   * Export a regression test package (zip) into the packages folder beside the store. `expectations` is the
   * dialog's edited copy (in the override form the preview gives); it is validated and merged over the defaults.
   */
  exportPackage: {
    input: { callId: string; turns?: number[]; redact?: boolean; wholeRecording?: boolean; title?: string; expectations?: unknown };
    output: { path: string; packageId: string; assertionCount: number; warnings: string[] };
  };
  /** Packages made from the store (all, or those of one call), with their latest verification. */
  listPackages: { input: { callId?: string }; output: PackageSummary[] };
  /** Start importing in the background; poll getImportJob for progress, cancelImport to stop between calls. */
  startImport: { input: { paths: string[]; format?: string }; output: { jobId: string } };
  getImportJob: { input: { jobId: string }; output: ImportJobView };
  cancelImport: { input: { jobId: string }; output: { cancelled: boolean } };
  /** Let the user pick files or folders with the system dialog (desktop app only; the browser host has none). */
  chooseImportPaths: { input: Record<string, never>; output: { paths: string[] } };
}

/** A call's compliance scan for the review screen. */
export interface ComplianceView {
  scannedAt: string;
  rulePacks: RulePackRef[];
  ruleSetHash: string;
  hits: ComplianceHit[];
}

/** The export dialog's starting point. */
export interface PackagePreviewView {
  callId: string;
  turns: number[];
  availableTurns: number[];
  reasons: SelectionReason[];
  /** The pre-filled expectations in their editable (override) form. */
  expectations: Record<string, unknown>;
  assertionCount: number;
}

export interface ImportJobView {
  jobId: string;
  progress: ImportProgress;
  report: (ImportReport & { cancelled: boolean }) | null;
  error: string | null;
}

export type ApiMethod = keyof ApiSpec;
export type ApiInput<M extends ApiMethod> = ApiSpec[M]['input'];
export type ApiOutput<M extends ApiMethod> = ApiSpec[M]['output'];

/** The API as the renderer sees it: one async function per method. */
export type TurnscopeApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

/** Runtime list of methods; `satisfies` makes adding a method to ApiSpec without listing it a type error. */
const METHOD_TABLE = {
  getAppInfo: true,
  listCalls: true,
  getFleetMetrics: true,
  getCall: true,
  getCompliance: true,
  scanCall: true,
  reviewComplianceHit: true,
  getPeaks: true,
  importPaths: true,
  importSamples: true,
  chooseImportPaths: true,
  setReference: true,
  swapChannelRoles: true,
  previewPackage: true,
  exportPackage: true,
  listPackages: true,
  startImport: true,
  getImportJob: true,
  cancelImport: true,
} as const satisfies Record<ApiMethod, true>;

export const API_METHODS = Object.keys(METHOD_TABLE) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(METHOD_TABLE, name);
}

/** Errors cross every boundary as data, so the renderer sees the real message, not "Error invoking remote method". */
export type ApiErrorCode = 'not_found' | 'invalid_input' | 'import_failed' | 'unsupported' | 'internal';

export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** Thrown by handlers for errors the user should see as they are. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toErrorData(err: unknown): ApiErrorData {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/** Unwraps a result on the calling side, re-throwing the error with its code. */
export function unwrapResult<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, result.error.message);
}

/** The IPC channel name for a method (Electron). */
export const ipcChannel = (method: ApiMethod): string => `turnscope:${method}`;

/** The name under which the preload exposes the API object. */
export const BRIDGE_GLOBAL = 'turnscope';
