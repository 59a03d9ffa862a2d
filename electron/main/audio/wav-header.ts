import { AudioFormatError } from './audio-error';
import type { WavSampleCodec } from './sample-decoder';

export interface WavFormat {
  codec: WavSampleCodec;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Bytes per frame (all channels of one sample instant). */
  blockAlign: number;
  dataOffset: number;
  dataBytes: number;
  frames: number;
  durationMs: number;
  extensible: boolean;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_ALAW = 0x0006;
const WAVE_FORMAT_MULAW = 0x0007;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Reads `length` bytes at `position`, fewer if the file ends first. */
export type ReadAt = (position: number, length: number) => Buffer;

function codecFor(path: string, tag: number, bits: number): WavSampleCodec {
  switch (tag) {
    case WAVE_FORMAT_PCM:
      if (bits === 8) return 'pcm_u8';
      if (bits === 16) return 'pcm_s16le';
      if (bits === 24) return 'pcm_s24le';
      if (bits === 32) return 'pcm_s32le';
      throw new AudioFormatError(path, `unsupported PCM sample size: ${bits} bits`);
    case WAVE_FORMAT_IEEE_FLOAT:
      if (bits === 32) return 'pcm_f32le';
      if (bits === 64) return 'pcm_f64le';
      throw new AudioFormatError(path, `unsupported float sample size: ${bits} bits`);
    case WAVE_FORMAT_MULAW:
      return 'pcm_mulaw';
    case WAVE_FORMAT_ALAW:
      return 'pcm_alaw';
    default:
      throw new AudioFormatError(path, `unsupported WAV encoding (format tag 0x${tag.toString(16).padStart(4, '0')})`);
  }
}

/**
 * Walks the RIFF chunks of a WAV file (in whatever order they come, honouring the pad byte after odd-sized
 * chunks) and returns the sample format and where the samples are. Never reads the sample data.
 */
export function readWavHeader(path: string, fileSize: number, readAt: ReadAt): WavFormat {
  const riff = readAt(0, 12);
  if (riff.length < 12 || riff.toString('latin1', 0, 4) !== 'RIFF' || riff.toString('latin1', 8, 12) !== 'WAVE') {
    const seen = riff.subarray(0, 4).toString('hex');
    throw new AudioFormatError(path, `not a WAV file (expected a RIFF/WAVE header, found bytes ${seen || 'none'})`);
  }
  let fmt: Omit<WavFormat, 'dataOffset' | 'dataBytes' | 'frames' | 'durationMs'> | null = null;
  let data: { offset: number; bytes: number } | null = null;
  let pos = 12;
  while (pos + 8 <= fileSize && !(fmt && data)) {
    const head = readAt(pos, 8);
    if (head.length < 8) break;
    const id = head.toString('latin1', 0, 4);
    const size = head.readUInt32LE(4);
    const body = pos + 8;
    if (id === 'fmt ') {
      fmt = parseFmt(path, readAt(body, Math.min(size, 64)), size);
    } else if (id === 'data') {
      // 0xFFFFFFFF (and 0 from some live writers) means "until the end of the file".
      const declared = size === 0xffffffff || size === 0 ? fileSize - body : size;
      data = { offset: body, bytes: declared };
      if (body + declared > fileSize) {
        throw new AudioFormatError(
          path,
          `truncated: the data chunk declares ${declared} bytes but only ${fileSize - body} are present`,
        );
      }
    }
    pos = body + size + (size % 2);
  }
  if (!fmt) throw new AudioFormatError(path, 'no fmt chunk before the end of the file');
  if (!data) throw new AudioFormatError(path, 'no data chunk: the file holds no samples');
  const frames = Math.floor(data.bytes / fmt.blockAlign);
  return {
    ...fmt,
    dataOffset: data.offset,
    dataBytes: frames * fmt.blockAlign,
    frames,
    durationMs: (frames / fmt.sampleRate) * 1000,
  };
}

function parseFmt(path: string, b: Buffer, size: number): Omit<WavFormat, 'dataOffset' | 'dataBytes' | 'frames' | 'durationMs'> {
  if (size < 16 || b.length < 16) throw new AudioFormatError(path, `fmt chunk too short (${size} bytes)`);
  let tag = b.readUInt16LE(0);
  const channels = b.readUInt16LE(2);
  const sampleRate = b.readUInt32LE(4);
  const blockAlign = b.readUInt16LE(12);
  let bitsPerSample = b.readUInt16LE(14);
  const extensible = tag === WAVE_FORMAT_EXTENSIBLE;
  if (extensible) {
    if (b.length < 40) throw new AudioFormatError(path, 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short');
    const validBits = b.readUInt16LE(18);
    // The sub-format GUID starts with the classic format tag.
    tag = b.readUInt16LE(24);
    if (validBits > 0 && validBits < bitsPerSample && tag === WAVE_FORMAT_PCM) {
      // Container size decides how samples are laid out; valid bits only say how many carry signal.
      bitsPerSample = b.readUInt16LE(14);
    }
  }
  if (channels < 1) throw new AudioFormatError(path, 'fmt chunk says the file has 0 channels');
  if (sampleRate < 1 || sampleRate > 768_000) throw new AudioFormatError(path, `implausible sample rate ${sampleRate} Hz`);
  const codec = codecFor(path, tag, bitsPerSample);
  const bytesPerSample = codec === 'pcm_mulaw' || codec === 'pcm_alaw' ? 1 : bitsPerSample / 8;
  if (blockAlign !== channels * bytesPerSample) {
    throw new AudioFormatError(
      path,
      `inconsistent fmt chunk: block align ${blockAlign} for ${channels} channel(s) of ${bytesPerSample} byte(s)`,
    );
  }
  return { codec, sampleRate, channels, bitsPerSample: bytesPerSample * 8, blockAlign, extensible };
}
