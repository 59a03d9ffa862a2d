/**
 * The audio of a package: a caller clip per selected turn and, when asked, the whole recording. When the
 * package is redacted, every redacted span (of either speaker: the agent reading a card number back can
 * be heard on the caller's leg as echo) is silenced or toned with the compliance engine's WAV writer, and
 * a turn whose secret has no time is left without a clip rather than with an unredacted one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { RedactionPlan } from '../../../shared/compliance/redaction/plan';
import { PACKAGE_PATHS, type PackageClip } from '../../../shared/packages/manifest';
import type { Turn } from '../../../shared/model/call';
import type { RecordingInfo } from '../../../shared/model/recording';
import { decodeToPcm16 } from '../compliance/decode-compressed';
import { fillSpans, isWav, parseWav, pcm16FromChannels, writeWav, type AudioFill, type FillSpan } from '../compliance/wav-redactor';
import { cutClips } from './caller-clips';
import { sha256Hex } from './integrity';
import type { ZipEntry } from './zip-writer';

/** Kept around each caller utterance so word edges are not cut off. */
export const CLIP_PADDING_MS = 150;

export interface TurnAudio {
  clip: PackageClip | null;
  clipOmitted: string | null;
}

export interface PackageAudio {
  entries: Array<ZipEntry & { role: 'clip' | 'recording' }>;
  turns: Map<number, TurnAudio>;
  /** The whole recording inside the package, when included. */
  recording: { path: string; sha256: string } | null;
  notes: string[];
}

export interface AudioRequest {
  recording: RecordingInfo | null;
  turns: readonly Turn[];
  wholeRecording: boolean;
  /** The redaction plan of a redacted package; null when not redacted. */
  plan: RedactionPlan | null;
  fill: AudioFill;
}

const spansIn = (plan: RedactionPlan, from: number, to: number): FillSpan[] =>
  plan.audio.filter((a) => a.endMs > from && a.startMs < to).map((a) => ({ startMs: a.startMs - from, endMs: a.endMs - from, channels: null }));

export async function packageAudio(r: AudioRequest): Promise<PackageAudio> {
  const out: PackageAudio = { entries: [], turns: new Map(), recording: null, notes: [] };
  const rec = r.recording;
  const omitAll = (why: string): PackageAudio => {
    for (const t of r.turns) out.turns.set(t.index, { clip: null, clipOmitted: why });
    if (r.wholeRecording) out.notes.push(`the whole recording was not included: ${why}`);
    return out;
  };
  if (!rec) return omitAll('the call has no recording');
  if (!existsSync(rec.path)) return omitAll(`the recording is not on this machine (${rec.path})`);

  const unlocated = new Set(r.plan?.unlocated.map((u) => u.turnIndex) ?? []);
  const wanted = r.turns.filter((t) => {
    if (!t.caller || t.caller.startMs === null || t.caller.endMs === null) {
      out.turns.set(t.index, { clip: null, clipOmitted: 'the trace gives no time for the caller utterance' });
      return false;
    }
    if (r.plan && unlocated.has(t.index)) {
      out.turns.set(t.index, { clip: null, clipOmitted: 'a redacted value in this turn has no time, so its audio cannot be redacted safely' });
      return false;
    }
    return true;
  });
  // Mono or unknown roles: mix every channel (the caller is in there somewhere, and nothing is lost).
  const channel = rec.channels > 1 ? rec.roles.caller : null;
  const clips = await cutClips(rec.path, channel, wanted.map((t) => ({
    key: t.index,
    startMs: Math.max(0, t.caller!.startMs! - CLIP_PADDING_MS),
    endMs: t.caller!.endMs! + CLIP_PADDING_MS,
  })));
  for (const c of clips) {
    const wav = pcm16FromChannels([c.samples], c.sampleRate);
    const spans = r.plan ? spansIn(r.plan, c.startMs, c.endMs) : [];
    if (spans.length > 0) fillSpans(wav, spans, r.fill);
    const path = PACKAGE_PATHS.clip(c.key);
    out.entries.push({ path, data: writeWav(wav), role: 'clip' });
    out.turns.set(c.key, {
      clip: { path, startMs: Math.round(c.startMs), endMs: Math.round(c.endMs), channel, sampleRate: c.sampleRate, redactedSpans: spans.length },
      clipOmitted: null,
    });
  }

  if (r.wholeRecording) {
    if (!r.plan) {
      const path = PACKAGE_PATHS.recording(extname(rec.path).toLowerCase() || '.audio');
      out.entries.push({ path, file: rec.path, role: 'recording' });
      out.recording = { path, sha256: rec.sha256 };
    } else if (r.plan.unlocated.length > 0) {
      out.notes.push('the whole recording was not included: a redacted value has no time, so the recording cannot be redacted safely');
    } else {
      const bytes = readFileSync(rec.path);
      const wav = isWav(bytes) ? parseWav(bytes) : (await decodeToPcm16(rec.path)).wav;
      fillSpans(wav, spansIn(r.plan, 0, Number.MAX_SAFE_INTEGER), r.fill);
      const path = PACKAGE_PATHS.recording('.wav');
      const data = writeWav(wav);
      out.entries.push({ path, data, role: 'recording' });
      out.recording = { path, sha256: sha256Hex(data) };
    }
  }
  return out;
}
