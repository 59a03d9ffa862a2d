/**
 * The redaction manifest: what was removed from a call, by which rule, where (turn, speaker, field or
 * trace path, time span and channels), and the SHA-256 of each file before and after. It names no
 * secret and carries no hash of one: a hash of a card number can be reversed by trying the few million
 * numbers that fit its issuer and last digits, so only whole files are hashed.
 */
import type { RedactionPlan } from '../../../shared/compliance/redaction/plan';
import { secretLabel } from '../../../shared/compliance/mask';
import type { Category, RulePackRef } from '../../../shared/compliance/types';
import { pathText } from '../../../shared/compliance/trace-payloads';

export const MANIFEST_FORMAT = 'turnscope.redaction-manifest';

export interface ManifestItem {
  n: number;
  category: Category;
  ruleId: string;
  what: string;
  where: 'transcript' | 'reference' | 'words' | 'trace' | 'audio';
  turnIndex: number | null;
  speaker?: 'caller' | 'agent';
  /** Character range in the original text (transcript, reference, trace string). */
  originalCharRange?: [number, number];
  /** Inclusive word range in the original word list. */
  originalWordRange?: [number, number];
  /** Trace location: "spans[3].attributes.llm.input", "turns[2].toolCalls[0].arguments.card", "metadata.x". */
  path?: string;
  startMs?: number;
  endMs?: number;
  /** Recording channels changed ('all' when every channel). */
  channels?: number[] | 'all';
  precision?: 'words' | 'utterance';
  replacement: string;
}

export interface ManifestFile {
  path: string;
  /** Null for the call file: a hash of the unredacted text would let anyone test guesses of what was removed. */
  sha256Before: string | null;
  sha256After: string;
}

export interface RedactionManifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  createdAt: string;
  tool: { name: 'turnscope'; version: string; complianceEngine: number };
  call: { id: string; sourceCallIdReplaced: boolean };
  rulePacks: RulePackRef[];
  ruleSetHash: string;
  options: { categories: Category[]; audio: 'silence' | 'tone'; paddingMs: number; channels: 'all' | 'speaker' };
  files: { call: ManifestFile; recording: (ManifestFile & { encoding: string; sampleRate: number; channels: number }) | null; manifest: string };
  recordingOmitted: string | null;
  reviewDecisions: { dismissedKept: number };
  summary: { items: number; byCategory: Partial<Record<Category, number>>; rounds: number; audioSeconds: number };
  notes: string[];
  items: ManifestItem[];
}

export function manifestItems(plan: RedactionPlan, audioChannels: (speaker: 'caller' | 'agent') => number[] | 'all', fill: 'silence' | 'tone'): ManifestItem[] {
  const items: Array<Omit<ManifestItem, 'n'>> = [];
  for (const e of plan.text) {
    items.push({ category: e.category, ruleId: e.ruleId, what: secretLabel(e.category), where: e.field === 'reference' ? 'reference' : 'transcript', turnIndex: e.turnIndex, speaker: e.speaker, originalCharRange: [e.charStart, e.charEnd], replacement: e.label });
  }
  for (const e of plan.words) {
    items.push({ category: e.category, ruleId: e.ruleId, what: secretLabel(e.category), where: 'words', turnIndex: e.turnIndex, speaker: e.speaker, originalWordRange: [e.wordFrom, e.wordTo], replacement: e.label });
  }
  for (const e of plan.trace) {
    const base = e.target === 'span' ? `spans[${e.index}].attributes` : e.target === 'tool' ? `turns[${e.turnIndex}].toolCalls[${e.index}]` : 'metadata';
    items.push({ category: e.category, ruleId: e.ruleId, what: secretLabel(e.category), where: 'trace', turnIndex: e.turnIndex, path: `${base}.${pathText(e.path)}`.replace('.[', '['), originalCharRange: [e.charStart, e.charEnd], replacement: e.label });
  }
  for (const a of plan.audio) {
    items.push({ category: a.category, ruleId: a.ruleId, what: secretLabel(a.category), where: 'audio', turnIndex: a.turnIndex, speaker: a.speaker, startMs: Math.round(a.startMs), endMs: Math.round(a.endMs), channels: audioChannels(a.speaker), precision: a.precision, replacement: fill === 'tone' ? '1 kHz tone' : 'silence' });
  }
  return items.map((it, i) => ({ n: i + 1, ...it }));
}
