/**
 * FLAC's own structure, read without a library: frame headers, and a splitter that cuts the byte stream into
 * whole frames for the libFLAC decoder (which decodes one whole frame per call).
 *
 * Why not codec-parser, which @wasm-audio-decoders/flac uses to find frames: it checks each frame's CRC-16
 * in JavaScript and builds an object per frame, ~15 % of a FLAC decode's time. libFLAC checks the CRC-16
 * itself (a bad frame is reported as a decode error), so all the splitter has to do is find where the next
 * frame starts. FLAC frames carry no length; a frame ends where the next header begins. Audio bytes can look
 * like a header (sync code, legal fields, even the CRC-8: about one 0xFF byte in 2,000 passes), so a header
 * only counts when its sample number is the one the frame before it leads to (or, past a damaged frame,
 * a little beyond), which bytes inside a frame match by chance next to never.
 */

import type { ReadAt } from '../wav-header';

/** STREAMINFO fields the frame headers refer to. */
export interface FlacBlocks {
  minBlock: number;
  maxBlock: number;
  /** The largest frame in bytes, as STREAMINFO says (0: the encoder did not say). */
  maxFrameBytes?: number;
}

/** What a FLAC stream's metadata says, and where its first frame is. */
export interface FlacLayout extends FlacBlocks {
  bitsPerSample: number;
  sampleRate: number;
  channels: number;
  /** 0 when the encoder did not know. */
  totalSamples: number;
  /** First byte after the metadata blocks: the first audio frame. */
  firstFrame: number;
}

/** STREAMINFO (the first metadata block) and the end of the metadata blocks; null if they cannot be read. */
export function readFlacLayout(audioStart: number, fileSize: number, readAt: ReadAt): FlacLayout | null {
  const head = readAt(audioStart, 42);
  if (head.length < 42 || head[0] !== 0x66 || head[1] !== 0x4c || head[2] !== 0x61 || head[3] !== 0x43 || (head[4]! & 0x7f) !== 0) return null;
  const s = 8; // 'fLaC' + block header
  const minBlock = (head[s]! << 8) | head[s + 1]!;
  const maxBlock = (head[s + 2]! << 8) | head[s + 3]!;
  const maxFrameBytes = (head[s + 7]! << 16) | (head[s + 8]! << 8) | head[s + 9]!;
  const sampleRate = (head[s + 10]! << 12) | (head[s + 11]! << 4) | (head[s + 12]! >> 4);
  const channels = ((head[s + 12]! >> 1) & 7) + 1;
  const bitsPerSample = (((head[s + 12]! & 0x01) << 4) | (head[s + 13]! >> 4)) + 1;
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
  if (at > fileSize) return null;
  return { bitsPerSample, sampleRate, channels, totalSamples, minBlock, maxBlock, maxFrameBytes, firstFrame: at };
}

export interface FlacFrameHeader {
  /** Number of the frame's first sample in the stream. */
  sample: number;
  /** Samples in the frame. */
  blockSize: number;
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

const CRC16 = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/**
 * Whether some prefix of `bytes` is a whole frame: its last two bytes the CRC-16 of the rest. Anything may
 * follow a stream's last frame (a tag, padding), so every end is tried, in one pass.
 */
export function endsSomewhereWhole(bytes: Uint8Array): boolean {
  let crc = 0;
  for (let i = 0; i + 2 <= bytes.length; i++) {
    if (i >= 4 && crc === ((bytes[i]! << 8) | bytes[i + 1]!)) return true;
    crc = ((crc << 8) & 0xffff) ^ CRC16[(crc >> 8) ^ bytes[i]!]!;
  }
  return false;
}

/** Longest frame header: sync and codes (4), a 7-byte number, 2 bytes of block size, 2 of rate, CRC-8. */
export const FLAC_MAX_HEADER = 16;

/** The frame header at `i` of `b` if there is a valid one (sync code, legal fields, CRC-8). */
export function flacFrameHeader(b: Uint8Array, i: number, info: FlacBlocks): FlacFrameHeader | null {
  if (i + 6 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xfe) !== 0xf8) return null;
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
  // Past the end of what there is (a frame header at the very end of a stream): not a header.
  if (p + extra + 5 > b.length) return null;
  for (let k = 0; k < extra; k++, p++) {
    if ((b[p]! & 0xc0) !== 0x80) return null;
    value = value * 64 + (b[p]! & 0x3f);
  }
  let blockSize: number;
  if (blockCode === 1) blockSize = 192;
  else if (blockCode <= 5) blockSize = 576 << (blockCode - 2);
  else if (blockCode === 6) blockSize = b[p++]! + 1;
  else if (blockCode === 7) {
    blockSize = ((b[p]! << 8) | b[p + 1]!) + 1;
    p += 2;
  } else blockSize = 256 << (blockCode - 8);
  if (rateCode === 12) p += 1;
  else if (rateCode === 13 || rateCode === 14) p += 2;
  let crc = 0;
  for (let k = i; k < p; k++) crc = CRC8[crc ^ b[k]!]!;
  if (crc !== b[p]) return null;
  if (variable) return { sample: value, blockSize };
  // Fixed block size: the header numbers frames, every one but the last of maxBlock samples.
  if (info.minBlock !== info.maxBlock && info.minBlock !== 0) return null;
  return { sample: value * info.maxBlock, blockSize };
}

/** Past a damaged frame, the next header may be this many largest blocks beyond the one expected. */
const RESYNC_BLOCKS = 64;
/** Without a largest frame size in STREAMINFO: no frame is longer than this. */
const MAX_FRAME_BYTES = 1 << 20;

/**
 * Cuts a FLAC stream (fed from its first frame, in slices of any size) into whole frames. Frames come out as
 * views of the splitter's buffer, valid until the next `push`.
 */
export class FlacFrameSplitter {
  /** Bytes [0, length) of `buf` are the stream from the current frame on (or from where to look on, before the first). */
  private buf = new Uint8Array(1 << 16);
  private length = 0;
  /** Where the current frame starts in `buf` (-1: no frame found yet), and where to look on from. */
  private frameAt = -1;
  private scanFrom = 0;
  private expected = 0;
  /** Samples skipped because frames were unreadable, and where (for the decoder's report). */
  readonly gaps: { atSample: number; samples: number }[] = [];
  /** Sample number of the first frame found (0 from a stream's start; a span's entry point), null before. */
  firstSample: number | null = null;

  constructor(private readonly info: FlacBlocks) {}

  push(bytes: Uint8Array): Uint8Array[] {
    this.append(bytes);
    return this.scan(true);
  }

  /**
   * Frames completed by the bytes so far. `more`: more bytes will come, so a header that may not be whole
   * yet is looked at next time; at the end every position is looked at.
   */
  private scan(more: boolean): Uint8Array[] {
    const b = this.buf.subarray(0, this.length);
    const frames: Uint8Array[] = [];
    const info = this.info;
    const last = more ? b.length - FLAC_MAX_HEADER : b.length - 1;
    let i = this.scanFrom;
    while ((i = b.indexOf(0xff, i)) >= 0 && i <= last) {
      const h = flacFrameHeader(b, i, info);
      if (h !== null && this.accepts(h, i - this.frameAt)) {
        if (this.frameAt >= 0) frames.push(b.subarray(this.frameAt, i));
        this.firstSample ??= h.sample;
        this.frameAt = i;
        this.expected = h.sample + h.blockSize;
        // The shortest frame (a constant block) is longer than its header's sync code.
        i += 2;
      } else i++;
    }
    // Where a header could still begin once more bytes arrive.
    this.scanFrom = i < 0 ? b.length : i;
    return frames;
  }

  /** Drops what the last push returned (or scanned past), then appends: one buffer, reused. */
  private append(bytes: Uint8Array): void {
    const keep = this.frameAt >= 0 ? this.frameAt : this.scanFrom;
    const rest = this.length - keep;
    if (rest + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, rest + bytes.length));
      grown.set(this.buf.subarray(keep, this.length));
      this.buf = grown;
    } else if (keep > 0) this.buf.copyWithin(0, keep, this.length);
    this.buf.set(bytes, rest);
    this.length = rest + bytes.length;
    this.scanFrom -= keep;
    if (this.frameAt >= 0) this.frameAt = 0;
  }

  /**
   * The frames left at the end of the stream. The last one is dropped when no prefix of it is a whole frame
   * (CRC-16): a file cut short ends inside a frame, which the decoder would only report as garbage; the
   * missing samples are reported anyway, as fewer than the stream declares.
   */
  finish(): Uint8Array[] {
    const frames = this.scan(false);
    if (this.frameAt < 0) return frames;
    const last = this.buf.subarray(this.frameAt, this.length);
    this.frameAt = -1;
    this.length = 0;
    this.scanFrom = 0;
    if (last.length > 0 && endsSomewhereWhole(last)) frames.push(last);
    return frames;
  }

  /** Whether a valid header `bytes` after the current frame's start is the next frame's. */
  private accepts(h: FlacFrameHeader, bytes: number): boolean {
    if (this.frameAt < 0) {
      // The first frame of what was fed (a span may begin mid-stream): any valid header where it begins.
      return true;
    }
    if (h.sample === this.expected) return true;
    if (h.sample < this.expected) return false;
    // A frame is missing (its header damaged): the next one shortly after, or any after a stretch longer than
    // a frame can be (a long damaged stretch: better a gap than the rest of the file taken as one frame).
    const maxFrame = this.info.maxFrameBytes || MAX_FRAME_BYTES;
    if (h.sample <= this.expected + RESYNC_BLOCKS * Math.max(this.info.maxBlock, 1) || bytes > 2 * maxFrame) {
      this.gaps.push({ atSample: this.expected, samples: h.sample - this.expected });
      return true;
    }
    return false;
  }
}
