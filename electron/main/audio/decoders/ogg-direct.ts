/**
 * Ogg Opus and Ogg Vorbis through the packages' WebAssembly builds of libopus and libvorbis, driven
 * directly: the packets are cut by our own Ogg reader (ogg-pages.ts; the packages' codec-parser made objects
 * per packet that cost as much as a third of the decoding) and go to the same WebAssembly calls as the
 * packages make, but their samples are copied once into buffers kept between calls (decoded-buffers.ts).
 * The packages copy every packet's samples into new arrays, then concatenate them into more new arrays
 * (twice over for Opus); on a long recording that garbage cost more than the analysis (a second per hour
 * of Vorbis on each thread).
 *
 * The Ogg side is shared (ogg-packet-decoder.ts). This reads fields the packages do not document, as they
 * are in the versions package-lock.json pins; tests/unit/audio/direct-decoders.test.ts decodes the fixtures
 * both ways and fails on any difference.
 */
import type { HeapArray } from './wasm-decoded';
import { OggPacketDecoder, type DecodeErrors } from './ogg-packet-decoder';

/** What of opus-decoder's OpusDecoder this uses. */
interface OpusLib {
  ready: Promise<void>;
  free(): void;
  _common: { wasm: { opus_frame_decode_float_deinterleaved(decoder: number, input: number, length: number, output: number): number } };
  _decoder: number;
  _input: HeapArray<Uint8Array>;
  _output: HeapArray<Float32Array>;
  _outputChannels: number;
}
type OpusLibClass = new (options: Record<string, unknown>) => OpusLib;

/** What of @wasm-audio-decoders/ogg-vorbis's inner Decoder this uses. */
interface VorbisLib {
  ready: Promise<void>;
  free(): void;
  sendSetupHeader(data: Uint8Array): void;
  initDsp(): void;
  _common: { wasm: { decode_packets(decoder: number): void; HEAP: ArrayBuffer }; codeToString(ptr: number): string };
  _decoder: number;
  _input: HeapArray<Uint8Array>;
  _inputLen: HeapArray<Uint32Array>;
  _outputBufferPtr: HeapArray<Uint32Array>;
  _channels: HeapArray<Uint32Array>;
  _sampleRate: HeapArray<Uint32Array>;
  _samplesDecoded: HeapArray<Uint32Array>;
  _errors: HeapArray<Uint32Array>;
  _errorsLength: HeapArray<Int32Array>;
}

/** The Opus errors libopus returns, as opus-decoder words them. */
const OPUS_ERRORS = new Map([
  [-1, 'OPUS_BAD_ARG: One or more invalid/out of range arguments'],
  [-2, 'OPUS_BUFFER_TOO_SMALL: Not enough bytes allocated in the buffer'],
  [-3, 'OPUS_INTERNAL_ERROR: An internal error was detected'],
  [-4, 'OPUS_INVALID_PACKET: The compressed data passed is corrupted'],
  [-5, 'OPUS_UNIMPLEMENTED: Invalid/unsupported request number'],
  [-6, 'OPUS_INVALID_STATE: An encoder or decoder structure is invalid or already freed'],
  [-7, 'OPUS_ALLOC_FAIL: Memory allocation has failed'],
]);

const OPUS_RATE = 48_000;
const MAX_VORBIS_BLOCK = 8192;

/**
 * Ogg Opus at 48 kHz through opus-decoder's libopus. Each logical stream's OpusHead sets up a decoder
 * (channels, pre-skip, channel mapping), which drops the pre-skip itself; OpusTags is passed over. A chained
 * stream after the end of one is read too, with its own decoder.
 */
export class OggOpusDirectDecoder extends OggPacketDecoder {
  protected readonly headerPackets = 2;
  protected readonly codecName = 'Opus';
  private opus: OpusLib | null = null;
  private preSkip = 0;

  constructor(private readonly Opus: OpusLibClass) {
    super();
  }

  get ready(): Promise<void> {
    return Promise.resolve();
  }

  free(): void {
    this.opus?.free();
  }

  protected get streamStart(): number {
    return this.preSkip;
  }

  protected get channels(): number {
    return this.opus?._outputChannels ?? 0;
  }

  protected get sampleRate(): number {
    return OPUS_RATE;
  }

  protected nextStream(): boolean {
    this.opus?.free();
    this.opus = null;
    return true;
  }

  protected isFirstHeader(packet: Uint8Array): boolean {
    return packet.length >= 19 && String.fromCharCode(...packet.subarray(0, 8)) === 'OpusHead';
  }

  protected async header(packet: Uint8Array): Promise<void> {
    if (this.headers === 0) await this.head(packet);
    else if (String.fromCharCode(...packet.subarray(0, 8)) !== 'OpusTags') throw new Error("the Opus stream's comment header is missing or damaged");
    this.headers++;
  }

  /** OpusHead (RFC 7845 5.1; the stream was taken up for it, isFirstHeader): a decoder for its channels, pre-skip and channel mapping. */
  private async head(packet: Uint8Array): Promise<void> {
    const channels = packet[9]!;
    const family = packet[18]!;
    if (channels === 0 || (family !== 0 && packet.length < 21 + channels)) throw new Error('the Opus header is damaged');
    this.preSkip = packet[10]! | (packet[11]! << 8);
    // Family 0: mono or stereo, one stream; otherwise the mapping table follows.
    const streamCount = family === 0 ? 1 : packet[19]!;
    const coupledStreamCount = family === 0 ? channels - 1 : packet[20]!;
    const channelMappingTable = family === 0 ? [0, 1].slice(0, channels) : Array.from(packet.subarray(21, 21 + channels));
    const opus = new this.Opus({ channels, streamCount, coupledStreamCount, channelMappingTable, preSkip: this.preSkip, sampleRate: OPUS_RATE, forceStereo: false });
    await opus.ready;
    this.opus = opus;
    this.startStream();
    if (this.out.length === 0) this.out.reset(opus._outputChannels);
    else if (this.out.channels !== opus._outputChannels) throw new Error(`the Ogg Opus stream changes from ${this.out.channels} to ${opus._outputChannels} channels part way`);
  }

  protected audio(packet: Uint8Array, errors: DecodeErrors): void {
    const opus = this.opus!;
    opus._input.buf.set(packet);
    let n = opus._common.wasm.opus_frame_decode_float_deinterleaved(opus._decoder, opus._input.ptr, packet.length, opus._output.ptr);
    if (n < 0) {
      errors.push({ message: `libopus ${n} ${OPUS_ERRORS.get(n) ?? 'Unknown Error'}`, frameNumber: this.frameNumber, inputBytes: this.inputBytes });
      n = 0;
    }
    this.frameNumber++;
    this.inputBytes += packet.length;
    if (n === 0) return;
    const offsets: number[] = [];
    for (let c = 0; c < opus._outputChannels; c++) offsets.push(c * n);
    this.out.append(opus._output.buf, offsets, n);
    this.total += n;
  }
}

/**
 * Ogg Vorbis through the libvorbis of @wasm-audio-decoders/ogg-vorbis. The headers go to libvorbis as the
 * package sends them: the identification and setup headers, an empty comment in place of the stream's. A
 * chained stream after the end is reported, not read (libvorbis would need setting up again).
 */
export class OggVorbisDirectDecoder extends OggPacketDecoder {
  protected readonly headerPackets = 3;
  protected readonly codecName = 'Vorbis';
  private heapF32 = new Float32Array(0);
  private heapU32 = new Uint32Array(0);

  constructor(private readonly vorbis: VorbisLib) {
    super();
  }

  get ready(): Promise<void> {
    return this.vorbis.ready;
  }

  free(): void {
    this.vorbis.free();
  }

  protected get streamStart(): number {
    return 0;
  }

  /** libvorbis's once the headers are in; before, its memory holds anything. */
  protected get channels(): number {
    return this.headers < this.headerPackets ? 0 : this.vorbis._channels.buf[0]!;
  }

  protected get sampleRate(): number {
    return this.vorbis._sampleRate.buf[0]!;
  }

  protected nextStream(): boolean {
    return false;
  }

  protected isFirstHeader(packet: Uint8Array): boolean {
    return packet[0] === 1 && String.fromCharCode(...packet.subarray(1, 7)) === 'vorbis';
  }

  /** Identification, comment, setup: the first and last go to libvorbis. */
  protected header(packet: Uint8Array): void {
    const kind = [1, 3, 5][this.headers]!;
    if (packet[0] !== kind || String.fromCharCode(...packet.subarray(1, 7)) !== 'vorbis') {
      throw new Error(this.headers === 0 ? 'the Ogg stream is not Vorbis' : `the Vorbis stream's header ${this.headers + 1} is missing or damaged`);
    }
    if (kind !== 3) this.vorbis.sendSetupHeader(packet);
    this.headers++;
    if (kind === 5) {
      this.vorbis.initDsp();
      this.out.reset(this.channels);
    }
  }

  protected audio(packet: Uint8Array, errors: DecodeErrors): void {
    const v = this.vorbis;
    v._input.buf.set(packet);
    v._inputLen.buf[0] = packet.length;
    v._common.wasm.decode_packets(v._decoder);
    const n = v._samplesDecoded.buf[0]!;
    const channels = v._channels.buf[0]!;
    // A Vorbis block is at most 8192 samples: anything larger is not a count libvorbis wrote.
    if (n > MAX_VORBIS_BLOCK || channels > 255) throw new Error(`libvorbis reported ${n} samples of ${channels} channels for one packet`);
    if (n > 0) {
      const heap = v._common.wasm.HEAP;
      if (this.heapF32.buffer !== heap) {
        this.heapF32 = new Float32Array(heap);
        this.heapU32 = new Uint32Array(heap);
      }
      if (this.out.channels !== channels) this.out.reset(channels);
      const at = v._outputBufferPtr.buf[0]! >> 2;
      const offsets: number[] = [];
      for (let c = 0; c < channels; c++) offsets.push(this.heapU32[at + c]! >> 2);
      this.out.append(this.heapF32, offsets, n);
    }
    this.frameNumber++;
    this.inputBytes += packet.length;
    this.total += n;
    for (let i = 0; i < v._errorsLength.buf[0]!; i += 2) {
      const message = `${v._common.codeToString(v._errors.buf[i]!)} vorbis_synthesis${v._common.codeToString(v._errors.buf[i + 1]!)}`;
      errors.push({ message, frameNumber: this.frameNumber, inputBytes: this.inputBytes });
    }
    v._errorsLength.buf[0] = 0;
  }
}

export type { OpusLibClass, VorbisLib };
