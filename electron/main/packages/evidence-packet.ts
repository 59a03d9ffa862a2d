/**
 * `turnscope evidence`: one call packaged for a compliance reviewer — canonical id and provider aliases,
 * why it was selected, the redacted transcript, a pointer to the audio, trace ids, a tool summary, the
 * compliance scan, the redaction state and a manifest hash — as one zip. The transcript is always
 * redacted (through the compliance engine, reviewers' dismissals honoured), and every file is swept for
 * each removed value before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { countLeaks } from '../../../shared/compliance/redaction/verify';
import { COMPLIANCE_ENGINE_VERSION } from '../../../shared/compliance/rule-pack';
import type { RuleSet } from '../../../shared/compliance/types';
import { EVIDENCE_FORMAT, EVIDENCE_PATHS, EVIDENCE_VERSION, type EvidenceManifest, type EvidenceScanHit, type EvidenceTranscriptLine } from '../../../shared/packages/evidence';
import { evidenceReadme, providerAliases, toolSummary, traceIds, transcriptText } from '../../../shared/packages/evidence-content';
import type { Db } from '../db/open';
import { listHits, readLatestScan } from '../db/queries/compliance-read';
import { sealManifest, sha256Hex } from './integrity';
import { editCount, editsByCategory, prepareCall, RedactionFailedError, type PreparedCall } from './prepare-call';
import { schemaProblems } from './schemas';
import { writeZip } from './zip-writer';

export interface EvidenceOptions {
  ruleSet: RuleSet;
  toolVersion: string;
  /** Why the call is under review, in the analyst's words. */
  reason?: string | null;
  author?: string | null;
  now?: () => Date;
}

function scanSection(db: Db, p: PreparedCall, now: string): EvidenceManifest['scan'] {
  const stored = readLatestScan(db, p.detail.id);
  const current = stored && stored.callContentHash === p.detail.contentHash && stored.ruleSetHash === p.ruleSet.hash;
  const hits: EvidenceScanHit[] = current
    ? listHits(db, { callId: p.detail.id }).map((h) => ({
        ruleId: h.ruleId, category: h.category, severity: h.severity, speaker: h.speaker, turnIndex: h.turnIndex, startMs: h.startMs, endMs: h.endMs,
        text: h.text, status: h.status, reason: h.reason,
      }))
    : p.findings.map(({ draft: h, status, reason }) => ({
        ruleId: h.ruleId, category: h.category, severity: h.severity, speaker: h.speaker, turnIndex: h.turnIndex, startMs: h.startMs, endMs: h.endMs,
        text: h.text, status, reason,
      }));
  const byCategory: Record<string, number> = {};
  for (const h of hits) byCategory[h.category] = (byCategory[h.category] ?? 0) + 1;
  return {
    engineVersion: COMPLIANCE_ENGINE_VERSION, rulePacks: p.ruleSet.packs, ruleSetHash: p.ruleSet.hash,
    source: current ? 'stored' : 'fresh', scannedAt: current ? stored.scannedAt : now, hits, byCategory,
  };
}

export interface EvidenceResult {
  path: string;
  manifest: EvidenceManifest;
}

export async function writeEvidencePacket(db: Db, callId: string, outPath: string, o: EvidenceOptions): Promise<EvidenceResult> {
  const p = prepareCall(db, callId, o.ruleSet, true);
  const r = p.redaction!;
  const now = (o.now ?? (() => new Date()))().toISOString();
  const d = p.detail;
  const lines: EvidenceTranscriptLine[] = p.working.turns.flatMap((t) => {
    const out: EvidenceTranscriptLine[] = [];
    if (t.caller) out.push({ turnIndex: t.index, speaker: 'caller', startMs: t.caller.startMs, endMs: t.caller.endMs, text: t.caller.text });
    if (t.agent) out.push({ turnIndex: t.index, speaker: 'agent', startMs: t.agent.startMs, endMs: t.agent.endMs, text: t.agent.text });
    return out;
  });
  const transcriptJson = Buffer.from(JSON.stringify({ callId: p.working.id, redacted: true, lines }, null, 2) + '\n');
  const transcriptTxt = Buffer.from(transcriptText(p.working.id, lines));
  const rec = d.recordings[0] ?? null;
  const draft: EvidenceManifest = {
    format: EVIDENCE_FORMAT,
    version: EVIDENCE_VERSION,
    packetId: `evd-${randomUUID()}`,
    createdAt: now,
    createdBy: { tool: 'turnscope', version: o.toolVersion, author: o.author ?? null },
    call: {
      canonicalId: p.working.id,
      providerAliases: r.idReplaced ? [] : providerAliases(d.sourceFormat, d.id, d.externalId, p.working.metadata),
      sourceFormat: d.sourceFormat, agent: d.agent, startedAt: d.startedAt, durationMs: d.durationMs, outcome: d.outcome, endedReason: d.endedReason,
      contentHash: null,
    },
    selection: {
      reason: o.reason ?? null,
      flags: d.flags.filter((f) => f.severity !== 'info').map((f) => ({ kind: f.kind, severity: f.severity, turnIndex: f.turnIndex, detail: f.detail })),
    },
    transcript: { path: EVIDENCE_PATHS.transcriptJson, textPath: EVIDENCE_PATHS.transcriptText, lines: lines.length },
    audio: {
      pointer: rec && !r.idReplaced
        ? { name: basename(rec.path), path: rec.path, sha256: rec.sha256, codec: rec.codec, sampleRate: rec.sampleRate, channels: rec.channels, durationMs: rec.durationMs, roles: rec.roles }
        : null,
      included: false,
    },
    traceIds: traceIds(p.working.metadata, p.working.spans),
    tools: toolSummary(p.working.turns),
    scan: scanSection(db, p, now),
    redaction: {
      applied: true, categories: r.categories, ruleSetHash: p.ruleSet.hash, edits: editCount(r.plan), byCategory: editsByCategory(r.plan), rounds: r.rounds,
      leakSweep: { secretsChecked: r.secrets.length, leaks: 0 }, keptByReviewers: r.keptByReviewers,
    },
    files: [],
    manifestSha256: '',
  };
  const readme = Buffer.from(evidenceReadme(draft));
  const files = [
    { path: EVIDENCE_PATHS.readme, role: 'readme' as const, data: readme },
    { path: EVIDENCE_PATHS.transcriptJson, role: 'transcript' as const, data: transcriptJson },
    { path: EVIDENCE_PATHS.transcriptText, role: 'transcript' as const, data: transcriptTxt },
  ];
  draft.files = files.map((f) => ({ path: f.path, role: f.role, bytes: f.data.length, sha256: sha256Hex(f.data) }));
  const manifest = sealManifest(draft);
  const problem = schemaProblems('evidence', manifest);
  if (problem) throw new Error(`the evidence manifest does not match its own schema (a Turnscope bug): ${problem}`);
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  const leaks = countLeaks(manifestText, r.secrets) + files.reduce((n, f) => n + countLeaks(f.data.toString('utf8'), r.secrets), 0);
  if (leaks > 0) throw new RedactionFailedError(`the evidence packet still contains ${leaks} removed value(s); nothing was written`);
  const path = resolve(outPath);
  await writeZip(path, [{ path: EVIDENCE_PATHS.manifest, data: Buffer.from(manifestText) }, ...files.map((f) => ({ path: f.path, data: f.data }))], new Date(now));
  return { path, manifest };
}
