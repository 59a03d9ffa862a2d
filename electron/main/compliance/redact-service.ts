/**
 * `turnscope redact`: one operation that removes a call's secrets from its transcript (text, words,
 * reference), its trace payloads (span attributes, tool arguments and results, metadata) and its
 * recording (the matching time spans silenced or toned), then writes the redacted call file, the
 * redacted WAV and the manifest. Nothing is written until everything is redacted and checked:
 *
 * 1. redaction to a fixed point (scan → redact → scan again, text and word lists) — no residual hit;
 * 2. the leak sweep: every removed secret of six characters or more is looked for, separators allowed,
 *    in the call file, the manifest, the file names and the WAV bytes (whose metadata chunks are dropped);
 * 3. the call file is validated against the call format schema.
 * Reviewer decisions are honoured: hits a reviewer dismissed are left in place.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergedAudioSpans } from '../../../shared/compliance/redaction/plan';
import { countLeaks, redactCall, sweepableSecrets } from '../../../shared/compliance/redaction/verify';
import { COMPLIANCE_ENGINE_VERSION } from '../../../shared/compliance/rule-pack';
import { SECRET_CATEGORIES, type Category, type RuleSet } from '../../../shared/compliance/types';
import type { Db } from '../db/open';
import { dismissedFingerprints } from '../db/queries/compliance-read';
import { safeCallId, toCallFile } from './call-file-export';
import { decodeToPcm16 } from './decode-compressed';
import { manifestItems, MANIFEST_FORMAT, type RedactionManifest } from './manifest';
import { loadCallForScan } from './scan-service';
import { fillSpans, isWav, parseWav, writeWav, type AudioFill, type FillSpan, type WavFile } from './wav-redactor';

export interface RedactOptions {
  outDir: string;
  ruleSet: RuleSet;
  toolVersion: string;
  categories?: readonly Category[];
  audio?: AudioFill;
  paddingMs?: number;
  /** Silence every channel during a span (default, safe against echo of the caller on the agent leg) or only the speaker's. */
  channels?: 'all' | 'speaker';
  now?: () => string;
}

export interface RedactResult {
  callFile: string;
  recordingFile: string | null;
  manifestFile: string;
  manifest: RedactionManifest;
}

export class RedactionError extends Error {
  override name = 'RedactionError';
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

interface RedactedAudio {
  bytes: Buffer;
  wav: WavFile;
  sha256Before: string;
}

async function redactRecording(path: string, spans: FillSpan[], fill: AudioFill): Promise<RedactedAudio> {
  const original = readFileSync(path);
  const wav = isWav(original) ? parseWav(original) : (await decodeToPcm16(path)).wav;
  fillSpans(wav, spans, fill);
  return { bytes: writeWav(wav), wav, sha256Before: sha256(original) };
}

export async function redactStoredCall(db: Db, callId: string, o: RedactOptions): Promise<RedactResult> {
  const { detail, metadata } = loadCallForScan(db, callId);
  const categories = [...(o.categories ?? SECRET_CATEGORIES)];
  const fill = o.audio ?? 'silence';
  const channelMode = o.channels ?? 'all';
  const keep = dismissedFingerprints(db, callId);
  const result = redactCall({ id: detail.id, turns: detail.turns, spans: detail.spans, metadata }, o.ruleSet, {
    categories, keepFingerprints: keep, paddingMs: o.paddingMs,
  });
  if (result.residual.length > 0) {
    const cats = [...new Set(result.residual.map((h) => h.category))].join(', ');
    throw new RedactionError(`${result.residual.length} finding(s) (${cats}) could not be removed after ${result.rounds} rounds; nothing was written`);
  }
  const plan = result.plan;
  const secrets = sweepableSecrets(plan);
  const idReplaced = countLeaks(detail.id, secrets) > 0;
  const outId = idReplaced ? `redacted-${randomUUID().slice(0, 8)}` : safeCallId(detail.id);

  // Recording.
  const rec = detail.recordings[0] ?? null;
  let recordingOmitted: string | null = null;
  let audio: RedactedAudio | null = null;
  const roleChannel = (s: 'caller' | 'agent'): number | null => (s === 'caller' ? rec?.roles.caller ?? null : rec?.roles.agent ?? null);
  const channelsFor = (s: 'caller' | 'agent'): number[] | 'all' => {
    const ch = roleChannel(s);
    return channelMode === 'speaker' && ch !== null ? [ch] : 'all';
  };
  if (!rec) recordingOmitted = 'the call has no recording';
  else if (!existsSync(rec.path)) recordingOmitted = `the recording ${rec.path} is not on this machine`;
  else if (plan.unlocated.length > 0) recordingOmitted = `${plan.unlocated.length} secret(s) in speech have no time (no word or utterance times), so the audio cannot be redacted safely; the recording was left out`;
  else {
    const spans: FillSpan[] = (['caller', 'agent'] as const).flatMap((s) =>
      mergedAudioSpans(plan, s).map((m) => ({ ...m, channels: (() => { const c = channelsFor(s); return c === 'all' ? null : c; })() })),
    );
    audio = await redactRecording(rec.path, spans, fill);
  }

  const recordingName = audio ? `${outId}.redacted.wav` : null;
  const callName = `${outId}.redacted.call.json`;
  const manifestName = `${outId}.redaction-manifest.json`;
  const callFile = toCallFile({
    id: outId, detail, turns: result.call.turns, spans: result.call.spans, metadata: result.call.metadata ?? {},
    recording: audio && rec && recordingName ? { path: recordingName, callerChannel: rec.roles.caller, agentChannel: rec.roles.agent, sha256: sha256(audio.bytes) } : null,
  });
  const callText = JSON.stringify(callFile, null, 2) + '\n';

  const items = manifestItems(plan, channelsFor, fill);
  const byCategory: Partial<Record<Category, number>> = {};
  for (const h of plan.hits) if (!h.duplicateOf) byCategory[h.category] = (byCategory[h.category] ?? 0) + 1;
  const manifest: RedactionManifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    createdAt: (o.now ?? (() => new Date().toISOString()))(),
    tool: { name: 'turnscope', version: o.toolVersion, complianceEngine: COMPLIANCE_ENGINE_VERSION },
    call: { id: outId, sourceCallIdReplaced: idReplaced },
    rulePacks: o.ruleSet.packs,
    ruleSetHash: o.ruleSet.hash,
    options: { categories, audio: fill, paddingMs: o.paddingMs ?? 150, channels: channelMode },
    files: {
      call: { path: callName, sha256Before: null, sha256After: sha256(callText) },
      recording: audio && recordingName
        ? { path: recordingName, sha256Before: audio.sha256Before, sha256After: sha256(audio.bytes), encoding: audio.wav.encoding, sampleRate: audio.wav.sampleRate, channels: audio.wav.channels }
        : null,
      manifest: manifestName,
    },
    recordingOmitted,
    reviewDecisions: { dismissedKept: keep.size },
    summary: {
      items: items.length, byCategory, rounds: result.rounds,
      audioSeconds: Math.round((['caller', 'agent'] as const).flatMap((s) => mergedAudioSpans(plan, s)).reduce((t, s) => t + (s.endMs - s.startMs), 0) / 100) / 10,
    },
    notes: [
      'No hash of the unredacted call file is given: with the redacted file in hand it would let anyone test guesses of the removed values. The recording is hashed before and after (its removed audio cannot be guessed).',
    ],
    items,
  };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';

  const leaks = countLeaks(callText, secrets) + countLeaks(manifestText, secrets) + countLeaks([callName, manifestName, recordingName ?? ''].join(' '), secrets) +
    (audio ? countLeaks(audio.bytes.toString('latin1'), secrets) : 0);
  if (leaks > 0) throw new RedactionError(`the redacted output still contains ${leaks} removed value(s); nothing was written`);

  mkdirSync(o.outDir, { recursive: true });
  const write = (name: string, data: Buffer | string): string => {
    const target = join(o.outDir, name);
    const tmp = `${target}.partial`;
    writeFileSync(tmp, data);
    renameSync(tmp, target);
    return target;
  };
  const recordingFile = audio && recordingName ? write(recordingName, audio.bytes) : null;
  const writtenCall = write(callName, callText);
  const manifestFile = write(manifestName, manifestText);
  return { callFile: writtenCall, recordingFile, manifestFile, manifest };
}
