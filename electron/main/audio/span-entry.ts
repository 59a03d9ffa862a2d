/**
 * Where a decoder can start in the middle of a recording, for the span analysis (span-pass.ts): the codec
 * headers it must be fed first, the byte where its audio begins, and the recording frame of the first
 * sample it will then decode. Read from the container's own structure (WAV's block alignment, FLAC's
 * frame headers, Ogg's granule positions, MP3's frame count), never guessed from the bitrate, so a span's
 * samples land on the recording's timeline exactly.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { AudioCodec } from '../../../shared/model/recording';
import { detectAudioFormat, type AudioContainer } from './detect-format';
import { readerOf } from './file-reader';
import { mp3LengthHint, mpegFrameAt } from './mpeg-frame';
import { mp3Planner } from './span-entry-mp3';
import { oggPlanner } from './span-entry-ogg';
import { readWavHeader, type ReadAt } from './wav-header';

/** How a decoder for one span begins. */
export interface SpanEntry {
  /** Byte ranges [from, to) fed to a fresh decoder before the audio (the codec's headers). */
  headers: [number, number][];
  /** First byte of audio fed after the headers. */
  byteFrom: number;
  /** Recording frame of the first sample the decoder will output. */
  firstFrame: number;
}

/** What a container says about its stream before decoding, and how to start decoding anywhere in it. */
export interface SpanPlanner {
  codec: AudioCodec;
  /** Sample size for PCM and FLAC; 0 for lossy codecs. */
  bitsPerSample: number;
  sampleRate: number;
  channels: number;
  /** Frames in the stream (exact for WAV and FLAC's STREAMINFO). */
  frames: number;
  /** An entry whose first decoded frame is at or before `frame` (and as close as the container allows), or null. */
  entryBefore(frame: number): SpanEntry | null;
}

/** A planner for the containers spans are supported for; null for the others (they are analysed in one pass). */
export function spanPlanner(path: string, container: AudioContainer, audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  if (container === 'wav') return wavPlanner(path, fileSize, readAt);
  if (container === 'flac') return flacPlanner(audioStart, fileSize, readAt);
  if (container === 'ogg-opus') return oggPlanner('opus', audioStart, fileSize, readAt);
  if (container === 'ogg-vorbis') return oggPlanner('vorbis', audioStart, fileSize, readAt);
  return mp3Planner(audioStart, fileSize, readAt);
}

function wavPlanner(path: string, fileSize: number, readAt: ReadAt): SpanPlanner {
  const f = readWavHeader(path, fileSize, readAt);
  return {
    codec: f.codec,
    bitsPerSample: f.bitsPerSample,
    sampleRate: f.sampleRate,
    channels: f.channels,
    frames: f.frames,
    // The WAV decoder reads the header itself; its audio is any whole frame on.
    entryBefore: (frame) => ({ headers: [], byteFrom: f.dataOffset + Math.min(frame, f.frames) * f.blockAlign, firstFrame: Math.min(frame, f.frames) }),
  };
}

interface FlacInfo {
  bitsPerSample: number;
  sampleRate: number;
  channels: number;
  totalSamples: number;
  minBlock: number;
  maxBlock: number;
  /** First byte after the metadata blocks: the first audio frame. */
  firstFrame: number;
}

/** STREAMINFO and the end of the metadata blocks. */
function flacInfo(audioStart: number, fileSize: number, readAt: ReadAt): FlacInfo | null {
  const head = readAt(audioStart, 42);
  if (head.length < 42 || head[0] !== 0x66 || head[1] !== 0x4c || head[2] !== 0x61 || head[3] !== 0x43 || (head[4]! & 0x7f) !== 0) return null;
  const s = 8;
  const minBlock = (head[s]! << 8) | head[s + 1]!;
  const maxBlock = (head[s + 2]! << 8) | head[s + 3]!;
  const sampleRate = (head[s + 10]! << 12) | (head[s + 11]! << 4) | (head[s + 12]! >> 4);
  const channels = ((head[s + 12]! >> 1) & 7) + 1;
  const totalSamples = (head[s + 13]! & 0x0f) * 2 ** 32 + ((head[s + 14]! << 24) >>> 0) + (head[s + 15]! << 16) + (head[s + 16]! << 8) + head[s + 17]!;
  // Walk the metadata blocks to the first frame.
  let at = audioStart + 4;
  for (;;) {
    const h = readAt(at, 4);
    if (h.length < 4) return null;
    const length = (h[1]! << 16) | (h[2]! << 8) | h[3]!;
    at += 4 + length;
    if ((h[0]! & 0x80) !== 0) break;
    if (at >= fileSize) return null;
  }
  const bitsPerSample = (((head[s + 12]! & 0x01) << 4) | (head[s + 13]! >> 4)) + 1;
  return { bitsPerSample, sampleRate, channels, totalSamples, minBlock, maxBlock, firstFrame: at };
}

const CRC8 = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    t[i] = c;
  }
  return t;
})();

/**
 * The frame header at `i` of `b` if there is a valid one (sync code, legal fields, CRC-8): the sample
 * number of its first sample.
 */
export function flacFrameStart(b: Uint8Array, i: number, info: Pick<FlacInfo, 'minBlock' | 'maxBlock'>): number | null {
  if (i + 16 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xfe) !== 0xf8) return null;
  const variable = (b[i + 1]! & 1) === 1;
  const blockCode = b[i + 2]! >> 4;
  const rateCode = b[i + 2]! & 0x0f;
  const chanCode = b[i + 3]! >> 4;
  const sizeCode = (b[i + 3]! >> 1) & 7;
  if (blockCode === 0 || rateCode === 15 || chanCode > 10 || sizeCode === 3 || (b[i + 3]! & 1) !== 0) return null;
  // The frame or sample number, UTF-8 style: 1 to 7 bytes.
  let p = i + 4;
  const lead = b[p]!;
  let extra: number;
  let value: number;
  if (lead < 0x80) [extra, value] = [0, lead];
  else if ((lead & 0xe0) === 0xc0) [extra, value] = [1, lead & 0x1f];
  else if ((lead & 0xf0) === 0xe0) [extra, value] = [2, lead & 0x0f];
  else if ((lead & 0xf8) === 0xf0) [extra, value] = [3, lead & 0x07];
  else if ((lead & 0xfc) === 0xf8) [extra, value] = [4, lead & 0x03];
  else if ((lead & 0xfe) === 0xfc) [extra, value] = [5, lead & 0x01];
  else if (lead === 0xfe) [extra, value] = [6, 0];
  else return null;
  p++;
  for (let k = 0; k < extra; k++, p++) {
    if ((b[p]! & 0xc0) !== 0x80) return null;
    value = value * 64 + (b[p]! & 0x3f);
  }
  if (blockCode === 6) p += 1;
  else if (blockCode === 7) p += 2;
  if (rateCode === 12) p += 1;
  else if (rateCode === 13 || rateCode === 14) p += 2;
  if (p >= b.length) return null;
  let crc = 0;
  for (let k = i; k < p; k++) crc = CRC8[crc ^ b[k]!]!;
  if (crc !== b[p]) return null;
  if (variable) return value;
  // Fixed block size: every frame but the last holds maxBlock samples.
  if (info.minBlock !== info.maxBlock && info.minBlock !== 0) return null;
  return value * info.maxBlock;
}

function flacPlanner(audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  const info = flacInfo(audioStart, fileSize, readAt);
  if (!info || info.totalSamples === 0 || info.maxBlock === 0) return null;
  const audioBytes = fileSize - info.firstFrame;
  const headers: [number, number][] = [[audioStart, info.firstFrame]];
  return {
    codec: 'flac',
    bitsPerSample: info.bitsPerSample,
    sampleRate: info.sampleRate,
    channels: info.channels,
    frames: info.totalSamples,
    entryBefore(frame) {
      if (frame <= 0) return { headers: [], byteFrom: audioStart, firstFrame: 0 };
      // From where the bitrate puts the frame, back until a frame header starts at or before it.
      const guess = info.firstFrame + Math.floor((frame / info.totalSamples) * audioBytes);
      for (let back = 1 << 16; back <= 1 << 26; back *= 4) {
        const from = Math.max(info.firstFrame, guess - back);
        const b = readAt(from, Math.min(back + (1 << 16), fileSize - from));
        let best: { at: number; sample: number } | null = null;
        for (let i = 0; i + 16 <= b.length; i++) {
          if (b[i] !== 0xff) continue;
          const sample = flacFrameStart(b, i, info);
          // Audio bytes can look like a header by chance: real headers count up.
          if (sample === null || (best !== null && sample <= best.sample)) continue;
          if (sample > frame) break;
          best = { at: from + i, sample };
        }
        if (best) return { headers, byteFrom: best.at, firstFrame: best.sample };
        if (from === info.firstFrame) break;
      }
      return null;
    },
  };
}

/**
 * How long a recording is, from its container alone (a few reads, no decoding), or null when the container
 * does not say or the file cannot be read. For deciding how much to run at once before analysing it.
 */
export function recordingSecondsHint(path: string): number | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const readAt = readerOf(fd, size);
    const detected = detectAudioFormat(readAt);
    if (detected.container === null) return null;
    if (detected.container === 'mp3') {
      // From the first frame (its Xing count, or its bitrate): walking every frame, as the planner does, would
      // read the whole file once more only to guess a length.
      const head = readAt(detected.audioStart, 256);
      const frames = mp3LengthHint(head, size - detected.audioStart);
      const first = mpegFrameAt(head, 0);
      return frames !== null && first ? frames / first.sampleRate : null;
    }
    const planner = spanPlanner(path, detected.container, detected.audioStart, size, readAt);
    return planner ? planner.frames / planner.sampleRate : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
