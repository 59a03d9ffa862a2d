import type { AudioCodec } from '../../../shared/model/recording';
import { A_LAW_TABLE, MU_LAW_TABLE } from './g711';

/** Turns whole frames of raw WAV bytes into one float (-1..1) array per channel. */
export type FrameDecoder = (bytes: Uint8Array, frames: number, out: Float32Array[]) => void;

/** Frames of 16-bit stereo read as one 32-bit word need the machine's byte order to be the file's. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export type WavSampleCodec = Extract<AudioCodec, `pcm_${string}`>;

export function bytesPerSample(codec: WavSampleCodec): number {
  switch (codec) {
    case 'pcm_u8':
    case 'pcm_s8':
    case 'pcm_mulaw':
    case 'pcm_alaw':
      return 1;
    case 'pcm_s16le':
      return 2;
    case 'pcm_s24le':
      return 3;
    case 'pcm_s32le':
    case 'pcm_f32le':
      return 4;
    case 'pcm_f64le':
      return 8;
  }
}

/**
 * A decoder for one sample format. Aligned 16/32-bit and float input is read through typed-array views
 * over the same memory (no per-sample method calls); unaligned input is copied once to an aligned buffer.
 */
export function frameDecoder(codec: WavSampleCodec, channels: number): FrameDecoder {
  const width = bytesPerSample(codec);
  // Unaligned input (ffmpeg's WAV files put their samples at byte 78) is copied to this buffer, kept from call
  // to call: a new one per chunk was most of the garbage of a long recording's analysis.
  let aligned = new Uint8Array(0);
  const alignedCopy = (bytes: Uint8Array, length: number): ArrayBufferLike => {
    if (aligned.length < length) aligned = new Uint8Array(length);
    aligned.set(bytes.subarray(0, length));
    return aligned.buffer;
  };
  /** A view of `count` samples over the same memory when aligned, else over an aligned copy (valid until the next call). */
  const view = <T>(bytes: Uint8Array, count: number, make: (b: ArrayBufferLike, offset: number, length: number) => T): T =>
    bytes.byteOffset % width === 0 ? make(bytes.buffer, bytes.byteOffset, count) : make(alignedCopy(bytes, count * width), 0, count);
  // One loop per source type: a loop shared by Int16Array, Int32Array and float sources would see all of
  // them and read each element through a generic path.
  switch (codec) {
    case 'pcm_s16le':
      if (channels === 2 && LITTLE_ENDIAN) {
        // Stereo, the common case: one 32-bit read per frame, split into its two samples (twice as fast as
        // reading each channel's samples with a stride).
        return (bytes, frames, out) => {
          const src = new Int32Array(bytes.byteOffset % 4 === 0 ? bytes.buffer : alignedCopy(bytes, frames * 4), bytes.byteOffset % 4 === 0 ? bytes.byteOffset : 0, frames);
          const scale = 1 / 32768;
          const left = out[0]!;
          const right = out[1]!;
          for (let f = 0; f < frames; f++) {
            const w = src[f]!;
            left[f] = ((w << 16) >> 16) * scale;
            right[f] = (w >> 16) * scale;
          }
        };
      }
      return (bytes, frames, out) => {
        const src = view(bytes, frames * channels, (b, o, n) => new Int16Array(b, o, n));
        const scale = 1 / 32768;
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = src[i]! * scale;
        }
      };
    case 'pcm_s32le':
      return (bytes, frames, out) => {
        const src = view(bytes, frames * channels, (b, o, n) => new Int32Array(b, o, n));
        const scale = 1 / 2147483648;
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = src[i]! * scale;
        }
      };
    case 'pcm_f32le':
      return (bytes, frames, out) => {
        const src = view(bytes, frames * channels, (b, o, n) => new Float32Array(b, o, n));
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = src[i]! * 1;
        }
      };
    case 'pcm_f64le':
      return (bytes, frames, out) => {
        const src = view(bytes, frames * channels, (b, o, n) => new Float64Array(b, o, n));
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = src[i]! * 1;
        }
      };
    case 'pcm_u8':
      return (bytes, frames, out) => {
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = (bytes[i]! - 128) / 128;
        }
      };
    case 'pcm_s8':
      return (bytes, frames, out) => {
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = ((bytes[i]! << 24) >> 24) / 128;
        }
      };
    case 'pcm_s24le':
      return (bytes, frames, out) => {
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, o = c * 3; f < frames; f++, o += channels * 3) {
            const v = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16);
            dst[f] = ((v << 8) >> 8) / 8388608;
          }
        }
      };
    case 'pcm_mulaw':
    case 'pcm_alaw': {
      const table = codec === 'pcm_mulaw' ? MU_LAW_TABLE : A_LAW_TABLE;
      return (bytes, frames, out) => {
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let f = 0, i = c; f < frames; f++, i += channels) dst[f] = table[bytes[i]!]!;
        }
      };
    }
  }
}
