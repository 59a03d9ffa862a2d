/**
 * Builds test conversations from the committed espeak-ng snippets: each snippet placed at a known
 * offset on the caller or agent channel, so a test knows exactly where speech starts and ends, and the
 * gaps between them, before any detector looks at the audio.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../../../helpers/wav-writer';

const SPEECH_DIR = fileURLToPath(new URL('../../../fixtures/audio-forensics/speech/', import.meta.url));
export const SNIPPET_RATE = 8000;

export type SnippetName = `caller-${1 | 2 | 3 | 4}` | `agent-${1 | 2 | 3 | 4}`;

const cache = new Map<string, Float32Array>();

/** A committed snippet: 8 kHz 16-bit mono WAV with a plain 44-byte header (sox output). */
export function loadSnippet(name: SnippetName): Float32Array {
  const hit = cache.get(name);
  if (hit) return hit;
  const buf = readFileSync(`${SPEECH_DIR}${name}.wav`);
  const dataAt = buf.indexOf('data', 12, 'latin1');
  const bytes = buf.readUInt32LE(dataAt + 4);
  const out = new Float32Array(bytes / 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(dataAt + 8 + 2 * i) / 32768;
  cache.set(name, out);
  return out;
}

/**
 * Where the snippet's speech is, measured on the clean snippet: the first and last 10 ms frame whose energy
 * is within `relDb` (20 dB by default) of the snippet's loudest frame. Quieter sounds at the edges (breath,
 * the faint release of a final stop) are not counted as the utterance's boundary.
 */
export function speechExtent(s: Float32Array, relDb = 20, rate = SNIPPET_RATE): { start: number; end: number } {
  const hop = Math.round(rate / 1000); // 1 ms steps
  const win = hop * 10;
  const energies: number[] = [];
  for (let i = 0; i + win <= s.length; i += hop) {
    let p = 0;
    for (let j = i; j < i + win; j++) p += s[j]! * s[j]!;
    energies.push(p / win);
  }
  const peak = Math.max(...energies);
  const t = peak * 10 ** (-relDb / 10);
  const first = energies.findIndex((e) => e >= t);
  let last = energies.length - 1;
  while (last > first && energies[last]! < t) last--;
  // A window first reaching the threshold holds the onset near its end, and the last one the offset near its start.
  return { start: first * hop + win / 2, end: last * hop + win / 2 };
}

export interface Placement {
  snippet: SnippetName;
  /** Where the snippet's first sample goes, ms. */
  atMs: number;
  gain?: number;
}

export interface PlacedSpeech {
  snippet: SnippetName;
  startMs: number;
  endMs: number;
}

export interface Conversation {
  sampleRate: number;
  caller: Float32Array;
  agent: Float32Array;
  callerSpeech: PlacedSpeech[];
  agentSpeech: PlacedSpeech[];
}

function place(into: Float32Array, p: Placement): PlacedSpeech {
  const s = loadSnippet(p.snippet);
  const at = Math.round((p.atMs / 1000) * SNIPPET_RATE);
  const g = p.gain ?? 1;
  for (let i = 0; i < s.length && at + i < into.length; i++) into[at + i] = into[at + i]! + g * s[i]!;
  const ext = speechExtent(s);
  return { snippet: p.snippet, startMs: ((at + ext.start) / SNIPPET_RATE) * 1000, endMs: ((at + ext.end) / SNIPPET_RATE) * 1000 };
}

export function buildConversation(durationMs: number, caller: Placement[], agent: Placement[]): Conversation {
  const n = Math.round((durationMs / 1000) * SNIPPET_RATE);
  const c = new Float32Array(n);
  const a = new Float32Array(n);
  return { sampleRate: SNIPPET_RATE, caller: c, agent: a, callerSpeech: caller.map((p) => place(c, p)), agentSpeech: agent.map((p) => place(a, p)) };
}

/** Deterministic noise (xorshift), white or pink (Paul Kellet's filter), unit variance. */
export function noise(n: number, seed: number, kind: 'white' | 'pink' = 'white'): Float32Array {
  let x = seed >>> 0 || 1;
  const rand = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  const out = new Float32Array(n);
  let b0 = 0, b1 = 0, b2 = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    // Sum of uniforms: close enough to Gaussian for background noise.
    const w = (rand() + rand() + rand() + rand() - 2) * Math.sqrt(3);
    let v = w;
    if (kind === 'pink') {
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      v = b0 + b1 + b2 + w * 0.1848;
    }
    out[i] = v;
    sumSq += v * v;
  }
  const scale = 1 / Math.sqrt(sumSq / n);
  for (let i = 0; i < n; i++) out[i] = out[i]! * scale;
  return out;
}

/** Mean power of the channel over its speech (the placed extents), the level SNR is defined against. */
export function speechPower(ch: Float32Array, speech: PlacedSpeech[], rate = SNIPPET_RATE): number {
  let p = 0;
  let n = 0;
  for (const s of speech) {
    for (let i = Math.round((s.startMs / 1000) * rate); i < Math.round((s.endMs / 1000) * rate); i++, n++) p += ch[i]! * ch[i]!;
  }
  return p / Math.max(1, n);
}

/** Adds noise at `snrDb` below the channel's speech level, in place. */
export function addNoise(ch: Float32Array, speech: PlacedSpeech[], snrDb: number, seed: number, kind: 'white' | 'pink' = 'white'): void {
  const level = Math.sqrt(speechPower(ch, speech) / 10 ** (snrDb / 10));
  const nz = noise(ch.length, seed, kind);
  for (let i = 0; i < ch.length; i++) ch[i] = ch[i]! + level * nz[i]!;
}

export function writeConversation(path: string, conv: Conversation, order: 'caller-first' | 'agent-first' = 'caller-first'): void {
  const chans = order === 'caller-first' ? [conv.caller, conv.agent] : [conv.agent, conv.caller];
  writeFileSync(path, encodeWav(chans, conv.sampleRate));
}
