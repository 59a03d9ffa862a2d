/**
 * Subtitles of the conversation: one cue per caller and agent utterance (speaker-labelled), in time
 * order. SRT numbers its cues and writes "00:00:08,280"; WebVTT starts with its signature, labels the
 * speaker with a voice tag and escapes &, < and >. A cue's text never holds a blank line or "-->", which
 * both formats would read as the end of the cue.
 */
import type { Turn } from '../model/call';

export interface Cue {
  startMs: number;
  endMs: number;
  speaker: 'Caller' | 'Agent';
  text: string;
}

export function conversationCues(turns: readonly Turn[]): Cue[] {
  const cues: Cue[] = [];
  for (const t of turns) {
    for (const [speaker, u] of [['Caller', t.caller], ['Agent', t.agent]] as const) {
      if (!u || u.startMs === null || u.endMs === null || u.text.trim() === '') continue;
      const start = Math.max(0, Math.round(u.startMs));
      cues.push({ startMs: start, endMs: Math.max(start + 1, Math.round(u.endMs)), speaker, text: u.text.replace(/\s+/g, ' ').replace(/-->/g, '->').trim() });
    }
  }
  return cues.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

function clock(ms: number, fraction: ',' | '.'): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const r = ms % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${fraction}${String(r).padStart(3, '0')}`;
}

export function toSrt(turns: readonly Turn[]): string {
  return conversationCues(turns)
    .map((c, i) => `${i + 1}\n${clock(c.startMs, ',')} --> ${clock(c.endMs, ',')}\n${c.speaker}: ${c.text}\n`)
    .join('\n');
}

const vttText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toWebVtt(turns: readonly Turn[], title?: string): string {
  const head = `WEBVTT${title ? ` - ${title.replace(/\s+/g, ' ').replace(/-->/g, '->')}` : ''}\n`;
  const cues = conversationCues(turns).map((c, i) => `${i + 1}\n${clock(c.startMs, '.')} --> ${clock(c.endMs, '.')}\n<v ${c.speaker}>${vttText(c.text)}\n`);
  return [head, ...cues].join('\n');
}
