/**
 * Audio redaction on WAV files, sample by sample in the file's own encoding (PCM 8/16/24/32-bit, float
 * 32/64, G.711 mu-law and A-law, plain or WAVE_FORMAT_EXTENSIBLE), so a telephone recording stays a
 * telephone recording. Time spans become digital silence or a 1 kHz tone. The output has exactly a fmt
 * chunk, a fact chunk for non-PCM encodings, and the data: every other chunk (LIST/INFO, bext, iXML, cue
 * labels — metadata that could carry a name or a number) is dropped.
 *
 * Self-contained on purpose: the audio layer (electron/main/audio/) decodes for analysis; this module
 * must rewrite bytes exactly and never depends on how that layer evolves.
 */

export type WavEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64' | 'mulaw' | 'alaw';

export interface WavFile {
  encoding: WavEncoding;
  sampleRate: number;
  channels: number;
  bytesPerSample: number;
  blockAlign: number;
  /** The fmt chunk body as read (kept for WAVE_FORMAT_EXTENSIBLE: channel mask, sub-format). */
  fmtBody: Buffer;
  data: Buffer;
  frames: number;
  /** Ids of chunks that will not be written back. */
  droppedChunks: string[];
}

export class WavRedactionError extends Error {
  override name = 'WavRedactionError';
}

const TAG_PCM = 1;
const TAG_FLOAT = 3;
const TAG_ALAW = 6;
const TAG_MULAW = 7;
const TAG_EXTENSIBLE = 0xfffe;

function encodingOf(tag: number, bits: number): WavEncoding {
  if (tag === TAG_PCM) {
    const byBits: Record<number, WavEncoding> = { 8: 'u8', 16: 's16', 24: 's24', 32: 's32' };
    const e = byBits[bits];
    if (e) return e;
  }
  if (tag === TAG_FLOAT && (bits === 32 || bits === 64)) return bits === 32 ? 'f32' : 'f64';
  if (tag === TAG_MULAW) return 'mulaw';
  if (tag === TAG_ALAW) return 'alaw';
  throw new WavRedactionError(`unsupported WAV encoding (format tag 0x${tag.toString(16)}, ${bits} bits)`);
}

export function isWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE';
}

export function parseWav(bytes: Buffer): WavFile {
  if (!isWav(bytes)) throw new WavRedactionError('not a RIFF/WAVE file');
  let fmt: Buffer | null = null;
  let data: Buffer | null = null;
  const dropped: string[] = [];
  for (let pos = 12; pos + 8 <= bytes.length; ) {
    const id = bytes.toString('latin1', pos, pos + 4);
    const size = bytes.readUInt32LE(pos + 4);
    const body = pos + 8;
    const declared = id === 'data' && (size === 0 || size === 0xffffffff) ? bytes.length - body : size;
    const end = Math.min(bytes.length, body + declared);
    if (id === 'fmt ') fmt = bytes.subarray(body, end);
    else if (id === 'data') data = bytes.subarray(body, end);
    else if (id !== 'fact') dropped.push(id.trim());
    pos = body + declared + (declared % 2);
  }
  if (!fmt || fmt.length < 16) throw new WavRedactionError('no usable fmt chunk');
  if (!data) throw new WavRedactionError('no data chunk');
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bits = fmt.readUInt16LE(14);
  if (tag === TAG_EXTENSIBLE) {
    if (fmt.length < 40) throw new WavRedactionError('WAVE_FORMAT_EXTENSIBLE fmt chunk too short');
    tag = fmt.readUInt16LE(24);
  }
  const encoding = encodingOf(tag, bits);
  const bytesPerSample = encoding === 'mulaw' || encoding === 'alaw' ? 1 : bits / 8;
  if (channels < 1 || blockAlign !== channels * bytesPerSample || sampleRate < 1) throw new WavRedactionError('inconsistent fmt chunk');
  const frames = Math.floor(data.length / blockAlign);
  return { encoding, sampleRate, channels, bytesPerSample, blockAlign, fmtBody: Buffer.from(fmt), data: Buffer.from(data.subarray(0, frames * blockAlign)), frames, droppedChunks: dropped };
}

function linearToMuLaw(x: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(s, 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  return ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
}

function linearToALaw(x: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(x * 32767))) >> 3;
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  let exponent = 0;
  for (let v = s >> 4; v > 1 && exponent < 7; v >>= 1) exponent++;
  const mantissa = exponent === 0 ? (s >> 1) & 0x0f : (s >> exponent) & 0x0f;
  return (sign | (exponent << 4) | mantissa) ^ 0x55;
}

/** Writes one sample (-1..1) in the file's encoding at `at`. */
function writeSample(buf: Buffer, at: number, enc: WavEncoding, x: number): void {
  const c = Math.max(-1, Math.min(1, x));
  switch (enc) {
    case 'u8':
      buf[at] = Math.round(c * 127) + 128;
      return;
    case 's16':
      buf.writeInt16LE(Math.round(c * 32767), at);
      return;
    case 's24':
      buf.writeIntLE(Math.round(c * 8388607), at, 3);
      return;
    case 's32':
      buf.writeInt32LE(Math.round(c * 2147483647), at);
      return;
    case 'f32':
      buf.writeFloatLE(c, at);
      return;
    case 'f64':
      buf.writeDoubleLE(c, at);
      return;
    case 'mulaw':
      buf[at] = linearToMuLaw(c);
      return;
    case 'alaw':
      buf[at] = linearToALaw(c);
      return;
  }
}

export type AudioFill = 'silence' | 'tone';

export interface FillSpan {
  startMs: number;
  endMs: number;
  /** Channels to fill; null = all. */
  channels: readonly number[] | null;
}

export const TONE_HZ = 1000;
/** -20 dBFS: clearly audible as "something was removed", not painful. */
export const TONE_AMPLITUDE = 0.1;

/** Replaces the spans in place; returns the number of frames changed (counted once per span). */
export function fillSpans(wav: WavFile, spans: readonly FillSpan[], fill: AudioFill): number {
  let changed = 0;
  for (const s of spans) {
    const from = Math.max(0, Math.floor((s.startMs / 1000) * wav.sampleRate));
    const to = Math.min(wav.frames, Math.ceil((s.endMs / 1000) * wav.sampleRate));
    const channels = s.channels ?? Array.from({ length: wav.channels }, (_, i) => i);
    for (let f = from; f < to; f++) {
      const x = fill === 'tone' ? TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * f) / wav.sampleRate) : 0;
      for (const ch of channels) {
        if (ch < 0 || ch >= wav.channels) continue;
        writeSample(wav.data, f * wav.blockAlign + ch * wav.bytesPerSample, wav.encoding, x);
      }
    }
    changed += Math.max(0, to - from);
  }
  return changed;
}

/** Serializes: RIFF header, fmt (as read), fact for G.711/float, data. Nothing else. */
export function writeWav(wav: WavFile): Buffer {
  const needsFact = wav.encoding === 'mulaw' || wav.encoding === 'alaw' || wav.encoding === 'f32' || wav.encoding === 'f64';
  const chunks: Buffer[] = [];
  const chunk = (id: string, body: Buffer): void => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(body.length, 4);
    chunks.push(head, body);
    if (body.length % 2 === 1) chunks.push(Buffer.alloc(1));
  };
  chunk('fmt ', wav.fmtBody);
  if (needsFact) {
    const fact = Buffer.alloc(4);
    fact.writeUInt32LE(wav.frames, 0);
    chunk('fact', fact);
  }
  chunk('data', wav.data);
  const body = Buffer.concat(chunks);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + body.length, 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, body]);
}

/** A 16-bit PCM WAV from decoded float channels (for recordings that were not WAV to begin with). */
export function pcm16FromChannels(channels: readonly Float32Array[], sampleRate: number): WavFile {
  const n = channels[0]?.length ?? 0;
  const blockAlign = channels.length * 2;
  const data = Buffer.alloc(n * blockAlign);
  for (let f = 0; f < n; f++) {
    channels.forEach((ch, c) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, ch[f]!)) * 32767), f * blockAlign + c * 2));
  }
  const fmtBody = Buffer.alloc(16);
  fmtBody.writeUInt16LE(TAG_PCM, 0);
  fmtBody.writeUInt16LE(channels.length, 2);
  fmtBody.writeUInt32LE(sampleRate, 4);
  fmtBody.writeUInt32LE(sampleRate * blockAlign, 8);
  fmtBody.writeUInt16LE(blockAlign, 12);
  fmtBody.writeUInt16LE(16, 14);
  return { encoding: 's16', sampleRate, channels: channels.length, bytesPerSample: 2, blockAlign, fmtBody, data, frames: n, droppedChunks: [] };
}
