/**
 * Regression package format v1: the types of `manifest.json`. The published definition is
 * resources/schemas/regression-package-v1.schema.json; every manifest is validated against it when
 * written and when opened. All times are milliseconds on the source recording's timeline.
 *
 * Integrity: `files` lists every other file of the zip with its size and SHA-256, and `manifestSha256`
 * is the SHA-256 of the manifest's canonical JSON (keys sorted, no white space, UTF-8) without that
 * field. A hash is not a signature: it proves the files are the ones the manifest names, and gives the
 * package a stable identity to cite; it does not prove who made it.
 */
import type { RulePackRef } from '../compliance/types';
import type { CallOutcome, Severity } from '../model/call';
import type { PackageExpectations } from './expectations';

export const PACKAGE_FORMAT = 'turnscope.regression-package';
export const PACKAGE_VERSION = 1;
export const PACKAGE_SCHEMA_ID = 'https://turnscope.dev/schemas/regression-package-v1.schema.json';
export const TOOL_MOCKS_FORMAT = 'turnscope.tool-mocks';

export type PackageFileRole = 'readme' | 'clip' | 'recording' | 'trace' | 'mocks';

export interface PackageFile {
  /** Relative path inside the zip, forward slashes. */
  path: string;
  role: PackageFileRole;
  bytes: number;
  sha256: string;
}

export interface PackageSource {
  callId: string;
  externalId: string | null;
  /** The format the source call was imported from (an adapter id). */
  format: string;
  agent: { name: string | null; version: string | null };
  startedAt: string | null;
  durationMs: number | null;
  outcome: CallOutcome;
  endedReason: string | null;
  /** The stored content hash of the source trace; null when redacted (it would let anyone test guesses of removed values). */
  contentHash: string | null;
  /** The original files, by name only (paths stay on the exporting machine) with their SHA-256. */
  files: Array<{ role: 'trace' | 'recording'; name: string; sha256: string | null }>;
}

/** Why the call was exported: the findings in the selected turns (and the call's own). */
export interface SelectionReason {
  kind: string;
  severity: Severity;
  turnIndex: number | null;
  detail: string;
}

export interface PackageRedaction {
  applied: boolean;
  categories: string[];
  rulePacks: RulePackRef[];
  ruleSetHash: string | null;
  /** Edits made (text, words, trace values, audio spans). */
  edits: number;
  byCategory: Record<string, number>;
  audio: 'silence' | 'tone' | null;
  notes: string[];
}

export interface PackageClip {
  path: string;
  /** Where the clip sits on the source recording. */
  startMs: number;
  endMs: number;
  /** Source channel the clip was cut from; null for a mono recording or unknown roles (all channels mixed). */
  channel: number | null;
  sampleRate: number;
  /** Spans silenced in the clip by the redaction. */
  redactedSpans: number;
}

export interface PackageTurn {
  index: number;
  callerText: string | null;
  reference: string | null;
  agentText: string | null;
  callerStartMs: number | null;
  callerEndMs: number | null;
  /** What the source call measured, for the README and to compare a verification against. */
  observed: {
    wer: number | null;
    hallucinationRuns: number;
    intent: string | null;
    endToEndMs: number | null;
    stagesMs: Record<string, number>;
    toolCalls: string[];
  };
  clip: PackageClip | null;
  /** Why a turn has no clip (no recording, unredactable audio, …). */
  clipOmitted: string | null;
}

/** Turns before (and between) the selected ones: the conversation the agent had heard so far. */
export interface ContextTurn {
  index: number;
  callerText: string | null;
  reference: string | null;
  agentText: string | null;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  version: typeof PACKAGE_VERSION;
  packageId: string;
  title: string;
  createdAt: string;
  createdBy: { tool: 'turnscope'; version: string; author: string | null };
  source: PackageSource;
  selection: { turns: number[]; reasons: SelectionReason[]; note: string | null };
  redaction: PackageRedaction;
  /** Rule packs the compliance expectation was pre-filled (and is verified) with. */
  compliance: { rulePacks: RulePackRef[]; ruleSetHash: string } | null;
  thresholds: { id: string; version: number; hash: string };
  context: ContextTurn[];
  turns: PackageTurn[];
  expectations: PackageExpectations;
  files: PackageFile[];
  manifestSha256: string;
}

export interface ToolMock {
  turnIndex: number;
  id: string | null;
  name: string;
  arguments: unknown;
  result: unknown;
}

export interface ToolMocksFile {
  format: typeof TOOL_MOCKS_FORMAT;
  version: 1;
  mocks: ToolMock[];
}

/** Fixed names inside the zip. */
export const PACKAGE_PATHS = {
  manifest: 'manifest.json',
  readme: 'README.md',
  trace: 'trace/excerpt.call.json',
  mocks: 'mocks/tool-results.json',
  clip: (turnIndex: number): string => `audio/turn-${turnIndex}-caller.wav`,
  recording: (extension: string): string => `audio/recording${extension}`,
} as const;
