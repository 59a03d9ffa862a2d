/**
 * Evidence packet format v1: one call packaged for a compliance review, with the ten fields reviewers
 * ask for (canonical call id, provider aliases, why it was selected, redacted transcript, audio pointer,
 * trace id, tool summary, the scan result, redaction state, manifest hash). The published definition is
 * resources/schemas/evidence-packet-v1.schema.json. The packet carries no secret: the transcript is
 * redacted, tool calls are summarized by name and argument keys (no values), scan hits are masked, and
 * the audio is only pointed at (path and SHA-256), never included.
 */
import type { RulePackRef } from '../compliance/types';
import type { CallOutcome, Severity } from '../model/call';
import type { SelectionReason } from './manifest';

export const EVIDENCE_FORMAT = 'turnscope.evidence-packet';
export const EVIDENCE_VERSION = 1;
export const EVIDENCE_SCHEMA_ID = 'https://turnscope.dev/schemas/evidence-packet-v1.schema.json';

export const EVIDENCE_PATHS = {
  manifest: 'manifest.json',
  transcriptJson: 'transcript.redacted.json',
  transcriptText: 'transcript.redacted.txt',
  readme: 'README.md',
} as const;

export interface ProviderAlias {
  /** Where the id comes from: the source format, or the metadata field it was found in. */
  provider: string;
  field: string;
  id: string;
}

export interface EvidenceToolSummary {
  turnIndex: number | null;
  id: string | null;
  name: string;
  startMs: number | null;
  durationMs: number | null;
  argumentKeys: string[];
  resultKeys: string[];
  /** The result reports an error (an `error` field, or a status/ok field saying so). */
  failed: boolean;
}

export interface EvidenceScanHit {
  ruleId: string;
  category: string;
  severity: Severity;
  speaker: string;
  turnIndex: number | null;
  startMs: number | null;
  endMs: number | null;
  /** Masked: never the secret itself. */
  text: string;
  status: 'open' | 'confirmed' | 'dismissed';
  reason: string | null;
}

export interface EvidenceTranscriptLine {
  turnIndex: number;
  speaker: 'caller' | 'agent';
  startMs: number | null;
  endMs: number | null;
  text: string;
}

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  version: typeof EVIDENCE_VERSION;
  packetId: string;
  createdAt: string;
  createdBy: { tool: 'turnscope'; version: string; author: string | null };
  call: {
    canonicalId: string;
    providerAliases: ProviderAlias[];
    sourceFormat: string;
    agent: { name: string | null; version: string | null };
    startedAt: string | null;
    durationMs: number | null;
    outcome: CallOutcome;
    endedReason: string | null;
    /** Always null: a hash of the unredacted trace would let anyone test guesses of the removed values. */
    contentHash: null;
  };
  selection: { reason: string | null; flags: SelectionReason[] };
  transcript: { path: string; textPath: string; lines: number };
  audio: {
    pointer: {
      name: string;
      path: string;
      sha256: string;
      codec: string;
      sampleRate: number;
      channels: number;
      durationMs: number;
      roles: { caller: number | null; agent: number | null };
    } | null;
    included: false;
  };
  traceIds: string[];
  tools: EvidenceToolSummary[];
  scan: {
    engineVersion: number;
    rulePacks: RulePackRef[];
    ruleSetHash: string;
    /** 'stored' = the call's latest stored scan (with reviewers' decisions); 'fresh' = scanned for this packet. */
    source: 'stored' | 'fresh';
    scannedAt: string;
    hits: EvidenceScanHit[];
    byCategory: Record<string, number>;
  };
  redaction: {
    applied: true;
    categories: string[];
    ruleSetHash: string;
    edits: number;
    byCategory: Record<string, number>;
    rounds: number;
    /** Removed values looked for again in every file of the packet; all must be 0. */
    leakSweep: { secretsChecked: number; leaks: number };
    keptByReviewers: number;
  };
  files: Array<{ path: string; role: 'readme' | 'transcript'; bytes: number; sha256: string }>;
  manifestSha256: string;
}
