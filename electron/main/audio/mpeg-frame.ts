/**
 * MPEG audio frame headers (MP3 and its layer I/II siblings): what one frame holds and how long it is,
 * and the encoder's delay and padding from a LAME/Xing "Info" frame. Used to size the analysis from the
 * first frame and to find exact entry points for decoding from the middle of a file (span-entry-mp3.ts).
 */

const MPEG_RATES = [[11025, 12000, 8000], null, [22050, 24000, 16000], [44100, 48000, 32000]] as const;
// kbit/s by bitrate index: MPEG-1 layers I, II, III; MPEG-2/2.5 layer I; MPEG-2/2.5 layers II and III.
const MPEG1_KBPS = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
];
const MPEG2_KBPS = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];

export interface MpegFrame {
  mpeg1: boolean;
  layer: 1 | 2 | 3;
  sampleRate: number;
  channels: 1 | 2;
  samplesPerFrame: number;
  kbps: number;
  /** Bytes of the whole frame, header included. */
  length: number;
  /** Bytes of the header and side information (where a Xing/Info tag would start). */
  sideInfoEnd: number;
}

/** The frame header at `at` of `b`, or null if there is none (free-format frames count as none). */
export function mpegFrameAt(b: Uint8Array, at: number): MpegFrame | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layerBits = (b[at + 1]! >> 1) & 3;
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  const rates = MPEG_RATES[version];
  if (!rates || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const mpeg1 = version === 3;
  const sampleRate = rates[rateIndex]!;
  const kbps = (mpeg1 ? MPEG1_KBPS[layer - 1] : MPEG2_KBPS[layer === 1 ? 0 : 1])![bitrateIndex]!;
  const padding = (b[at + 2]! >> 1) & 1;
  const samplesPerFrame = layer === 1 ? 384 : layer === 2 || mpeg1 ? 1152 : 576;
  const length = layer === 1 ? Math.floor((12 * kbps * 1000) / sampleRate + padding) * 4 : Math.floor(((samplesPerFrame / 8) * kbps * 1000) / sampleRate) + padding;
  const mono = b[at + 3]! >> 6 === 3;
  const sideInfoEnd = 4 + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  return { mpeg1, layer, sampleRate, channels: mono ? 1 : 2, samplesPerFrame, kbps, length, sideInfoEnd };
}

export interface InfoTag {
  /** Frames in the stream, when the tag says. */
  frames: number | null;
  /** Encoder delay and padding in samples (LAME extension), when the tag has them. */
  delay: number | null;
  padding: number | null;
}

/** The Xing/Info tag in the frame at `at` (a frame that carries no audio), or null. */
export function infoTagAt(b: Uint8Array, at: number, f: MpegFrame): InfoTag | null {
  const x = at + f.sideInfoEnd;
  if (f.layer !== 3 || x + 8 > b.length) return null;
  const tag = String.fromCharCode(b[x]!, b[x + 1]!, b[x + 2]!, b[x + 3]!);
  if (tag !== 'Xing' && tag !== 'Info') return null;
  const flags = b[x + 7]!;
  let p = x + 8;
  let frames: number | null = null;
  if (flags & 1) {
    frames = ((b[p]! << 24) >>> 0) + (b[p + 1]! << 16) + (b[p + 2]! << 8) + b[p + 3]!;
    p += 4;
  }
  if (flags & 2) p += 4;
  if (flags & 4) p += 100;
  if (flags & 8) p += 4;
  // LAME extension: 9 bytes of encoder name, then 12 bits of delay and 12 of padding at byte 21.
  if (p + 24 > b.length || !/^(LAME|Lavc|Lavf|L3.99)/.test(String.fromCharCode(...b.subarray(p, p + 4)))) return { frames, delay: null, padding: null };
  const delay = (b[p + 21]! << 4) | (b[p + 22]! >> 4);
  const padding = ((b[p + 22]! & 0x0f) << 8) | b[p + 23]!;
  return { frames, delay, padding };
}

/**
 * How many samples per channel an MP3 holds, from its first frame: the frame count of a Xing/Info header
 * when there is one, else the length at the first frame's bitrate (exact for constant bitrate). A hint
 * for sizing the analysis's arrays, nothing more; null when the first frame does not say.
 */
export function mp3LengthHint(first: Uint8Array, audioBytes: number): number | null {
  const f = mpegFrameAt(first, 0);
  if (!f) return null;
  const tag = infoTagAt(first, 0, f);
  if (tag?.frames) return tag.frames * f.samplesPerFrame;
  return Math.round(((audioBytes * 8) / (f.kbps * 1000)) * f.sampleRate);
}
