/**
 * Redaction planning: from the hits of a scan, every place a secret must be removed, in all three forms
 * of the call at once — transcript text (and reference transcript), word lists, trace payloads — and the
 * audio time spans to silence, per speaker channel. Times come from word times where the match maps onto
 * words, else from the whole utterance ("whole turn"); a hit in speech with no time at all is listed as
 * unlocated, and the writer then refuses to export the recording rather than leave it unredacted.
 */
import { redactionLabel } from '../mask';
import { SECRET_CATEGORIES, type Category, type ComplianceHitDraft, type TextLocation, type TraceLocation } from '../types';

export interface RedactionOptions {
  /** Categories to remove (default: every secret category). */
  categories?: readonly Category[];
  /** Fingerprints a reviewer dismissed as not secret: left as they are. */
  keepFingerprints?: ReadonlySet<string>;
  /** Silence this much before and after each span, for the sounds around the words. Default 150 ms. */
  paddingMs?: number;
}

interface EditOrigin {
  category: Category;
  ruleId: string;
  label: string;
}

export interface TextEdit extends EditOrigin {
  turnIndex: number;
  speaker: 'caller' | 'agent';
  field: 'text' | 'reference';
  charStart: number;
  charEnd: number;
}

export interface WordEdit extends EditOrigin {
  turnIndex: number;
  speaker: 'caller' | 'agent';
  wordFrom: number;
  wordTo: number;
}

export interface TraceEdit extends EditOrigin {
  target: TraceLocation['target'];
  index: number | null;
  turnIndex: number | null;
  path: Array<string | number>;
  charStart: number;
  charEnd: number;
}

export interface AudioSpan extends EditOrigin {
  speaker: 'caller' | 'agent';
  turnIndex: number;
  startMs: number;
  endMs: number;
  /** From word times (precise) or the whole utterance. */
  precision: 'words' | 'utterance';
}

export interface UnlocatedSpeech extends EditOrigin {
  speaker: 'caller' | 'agent';
  turnIndex: number;
}

export interface RedactionPlan {
  text: TextEdit[];
  words: WordEdit[];
  trace: TraceEdit[];
  audio: AudioSpan[];
  unlocated: UnlocatedSpeech[];
  /** The hits being removed. Their `secret`s feed the leak sweep and stay in memory. */
  hits: ComplianceHitDraft[];
}

export const DEFAULT_PADDING_MS = 150;

export function planRedaction(hits: readonly ComplianceHitDraft[], options: RedactionOptions = {}): RedactionPlan {
  const categories = options.categories ?? SECRET_CATEGORIES;
  const keep = options.keepFingerprints ?? new Set<string>();
  const pad = options.paddingMs ?? DEFAULT_PADDING_MS;
  const plan: RedactionPlan = { text: [], words: [], trace: [], audio: [], unlocated: [], hits: [] };
  const referenceAudio: Array<{ origin: EditOrigin; l: TextLocation; fingerprint: string }> = [];
  const preciseAudio = new Set<string>();
  for (const h of hits) {
    if (!categories.includes(h.category) || keep.has(h.fingerprint) || (h.duplicateOf !== null && keep.has(h.duplicateOf))) continue;
    plan.hits.push(h);
    const origin: EditOrigin = { category: h.category, ruleId: h.ruleId, label: redactionLabel(h.category) };
    for (const l of h.locations) {
      if (l.kind === 'trace') {
        plan.trace.push({ ...origin, target: l.target, index: l.index, turnIndex: l.turnIndex, path: l.path, charStart: l.charStart, charEnd: l.charEnd });
        continue;
      }
      if (l.field !== 'words') plan.text.push({ ...origin, turnIndex: l.turnIndex, speaker: l.speaker, field: l.field, charStart: l.charStart, charEnd: l.charEnd });
      if (l.field !== 'reference' && l.wordFrom !== null && l.wordTo !== null) {
        plan.words.push({ ...origin, turnIndex: l.turnIndex, speaker: l.speaker, wordFrom: l.wordFrom, wordTo: l.wordTo });
      }
      // A reference transcript has no word times: its copy of a finding would silence the whole utterance
      // even when the recognizer's copy gives the exact words (see below).
      if (l.field === 'reference') {
        referenceAudio.push({ origin, l, fingerprint: h.duplicateOf ?? h.fingerprint });
        continue;
      }
      if (l.startMs !== null && l.endMs !== null) {
        plan.audio.push({
          ...origin, speaker: l.speaker, turnIndex: l.turnIndex, startMs: Math.max(0, l.startMs - pad), endMs: l.endMs + pad,
          precision: l.timesFromWords ? 'words' : 'utterance',
        });
        if (l.timesFromWords) preciseAudio.add(`${h.duplicateOf ?? h.fingerprint}:${l.turnIndex}`);
      } else plan.unlocated.push({ ...origin, speaker: l.speaker, turnIndex: l.turnIndex });
    }
  }
  for (const { origin, l, fingerprint } of referenceAudio) {
    if (preciseAudio.has(`${fingerprint}:${l.turnIndex}`)) continue;
    if (l.startMs !== null && l.endMs !== null) {
      plan.audio.push({ ...origin, speaker: l.speaker, turnIndex: l.turnIndex, startMs: Math.max(0, l.startMs - pad), endMs: l.endMs + pad, precision: 'utterance' });
    } else plan.unlocated.push({ ...origin, speaker: l.speaker, turnIndex: l.turnIndex });
  }
  return plan;
}

/** Audio spans of one speaker merged where they overlap or touch, for the writer. */
export function mergedAudioSpans(plan: RedactionPlan, speaker: 'caller' | 'agent'): Array<{ startMs: number; endMs: number }> {
  const spans = plan.audio.filter((a) => a.speaker === speaker).sort((a, b) => a.startMs - b.startMs);
  const out: Array<{ startMs: number; endMs: number }> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ startMs: s.startMs, endMs: s.endMs });
  }
  return out;
}
