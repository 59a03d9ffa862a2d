import type { ReadAt } from '../wav-header';
import { readWavHeader, type WavFormat } from '../wav-header';
import { frameDecoder } from '../sample-decoder';
import type { DecodedAudio, DecodeEnd, StreamDecoder } from './stream-decoder';

// 64 KB: the converted samples (128 KB of float per 16-bit stereo block) stay in the cache while the analysis
// passes over them several times; megabyte blocks sent every pass to memory.
const MAX_INPUT = 1 << 16;

/** PCM and G.711 WAV: header walked up front, samples converted block by block with no library. */
export class WavStreamDecoder implements StreamDecoder {
  readonly codec: WavFormat['codec'];
  readonly bitsPerSample: number;
  readonly start: number;
  readonly end: number;
  readonly maxInput = MAX_INPUT;
  readonly expectedFrames: number;
  /** PCM has no frames to find corrupt. */
  readonly errorCount = 0;
  private readonly decode: ReturnType<typeof frameDecoder>;
  private readonly scratch: Float32Array[];
  private carry = new Uint8Array(0);

  constructor(readonly format: WavFormat) {
    this.codec = format.codec;
    this.bitsPerSample = format.bitsPerSample;
    this.start = format.dataOffset;
    this.end = format.dataOffset + format.dataBytes;
    this.expectedFrames = format.frames;
    this.decode = frameDecoder(format.codec, format.channels);
    const frames = Math.ceil((MAX_INPUT + format.blockAlign) / format.blockAlign);
    this.scratch = Array.from({ length: format.channels }, () => new Float32Array(frames));
  }

  static open(path: string, fileSize: number, readAt: ReadAt): WavStreamDecoder {
    return new WavStreamDecoder(readWavHeader(path, fileSize, readAt));
  }

  async push(bytes: Uint8Array): Promise<DecodedAudio[]> {
    return this.pushSync(bytes);
  }

  /** The same as push without a promise: WAV needs no asynchronous set-up. */
  pushSync(input: Uint8Array): DecodedAudio[] {
    const align = this.format.blockAlign;
    let bytes = input;
    if (this.carry.length) {
      bytes = new Uint8Array(this.carry.length + input.length);
      bytes.set(this.carry);
      bytes.set(input, this.carry.length);
    }
    const frames = Math.floor(bytes.length / align);
    // A copy (a Buffer's slice() would be a view): the caller may reuse the memory it passed in.
    this.carry = Uint8Array.prototype.slice.call(bytes, frames * align);
    if (frames === 0) return [];
    this.decode(bytes.subarray(0, frames * align), frames, this.scratch);
    return [{ channelData: this.scratch.map((c) => c.subarray(0, frames)), frames, sampleRate: this.format.sampleRate }];
  }

  async finish(): Promise<DecodeEnd> {
    return { tail: [], problems: [], declaredFrames: this.format.frames, lostFrames: 0, gaps: [] };
  }

  free(): void {}
}
