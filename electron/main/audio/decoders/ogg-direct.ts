/**
 * Ogg Opus and Ogg Vorbis through the packages' WebAssembly builds of libopus and libvorbis, driven
 * directly: the packets are cut by our own Ogg reader (ogg-pages.ts; the packages' codec-parser made objects
 * per packet that cost as much as a third of the decoding) and go to the same WebAssembly calls as the
 * packages make, but their samples are copied once into buffers kept between calls (decoded-buffers.ts).
 * The packages copy every packet's samples into new arrays, then concatenate them into more new arrays
 * (twice over for Opus); on a long recording that garbage cost more than the analysis (a second per hour
 * of Vorbis on each thread).
 *
 * This reads fields the packages do not document, as they are in the versions package-lock.json pins;
 * tests/unit/audio/direct-decoders.test.ts decodes the fixtures both ways and fails on any difference.
 */
import { OggPacketReader, type PacketPage } from '../ogg-pages';
import { DecodedBuffers } from './decoded-buffers';
import type { WasmDecoded, WasmDecoder } from './wasm-decoded';

interface HeapArray<T> {
  ptr: number;
  len: number;
  buf: T;
}

type Errors = WasmDecoded['errors'];

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
type VorbisLibClass = new () => VorbisLib;

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
 * Ogg Opus at 48 kHz through opus-decoder's libopus, its packets read by our own Ogg reader (ogg-pages.ts).
 * Each logical stream's OpusHead sets up a decoder (channels, pre-skip, channel mapping), which drops the
 * pre-skip itself; OpusTags is passed over. Samples decoded past the last page's granule position are
 * dropped. Positions are counted as granules: the first page with audio fixes where the samples stand (its
 * granule less what it decoded: the pre-skip from the start of a stream; a span's entry point mid-stream).
 */
export class OggOpusDirectDecoder implements WasmDecoder {
  private readonly reader = new OggPacketReader();
  private opus: OpusLib | null = null;
  /** Header packets seen of the current stream (OpusHead, OpusTags). */
  private headers = 0;
  private preSkip = 0;
  private base: number | null = null;
  private ended = false;
  private readonly out = new DecodedBuffers();
  /** Samples decoded since the current stream began. */
  private total = 0;
  private frameNumber = 0;
  private inputBytes = 0;

  constructor(private readonly Opus: OpusLibClass) {}

  get ready(): Promise<void> {
    return Promise.resolve();
  }

  free(): void {
    this.opus?.free();
  }

  decode(data: Uint8Array): Promise<WasmDecoded> {
    return this.pages(this.reader.push(data));
  }

  flush(): Promise<WasmDecoded> {
    return this.pages(this.reader.finish());
  }

  private async pages(pages: PacketPage[]): Promise<WasmDecoded> {
    const errors: Errors = [];
    for (const [at, bytes] of this.reader.skipped) {
      errors.push({ message: `${bytes} bytes at byte ${at} are not a whole Ogg page with a matching checksum: skipped`, frameNumber: -1, inputBytes: -1 });
    }
    this.out.reset(this.opus?._outputChannels ?? 0);
    for (const page of pages) {
      // A new logical stream after the end of one (a chained file): its own headers, its own decoder.
      if (this.ended && page.first) this.restart();
      if (this.ended) continue;
      let audio = 0;
      for (const packet of page.packets) {
        if (this.headers === 0) await this.head(packet);
        else if (this.headers === 1) this.tags(packet);
        else {
          this.frame(packet, errors);
          audio++;
        }
      }
      if (audio > 0 && page.granule !== null) {
        if (this.base === null) this.base = page.last ? this.preSkip : page.granule - this.total;
        if (page.last) {
          const excess = this.base + this.total - page.granule;
          if (excess > 0) this.out.trim(Math.min(excess, this.out.length));
        }
      }
      if (page.last) this.ended = true;
    }
    return { channelData: this.out.views(), samplesDecoded: this.out.length, sampleRate: OPUS_RATE, errors };
  }

  /** OpusHead (RFC 7845 5.1): a decoder for its channels, pre-skip and channel mapping. */
  private async head(packet: Uint8Array): Promise<void> {
    if (packet.length < 19 || String.fromCharCode(...packet.subarray(0, 8)) !== 'OpusHead') throw new Error('the Ogg stream is not Opus');
    const channels = packet[9]!;
    const family = packet[18]!;
    this.preSkip = packet[10]! | (packet[11]! << 8);
    // Family 0: mono or stereo, one stream; otherwise the mapping table follows.
    const streamCount = family === 0 ? 1 : packet[19]!;
    const coupledStreamCount = family === 0 ? channels - 1 : packet[20]!;
    const channelMappingTable = family === 0 ? [0, 1].slice(0, channels) : Array.from(packet.subarray(21, 21 + channels));
    if (channels === 0 || (family !== 0 && packet.length < 21 + channels)) throw new Error('the Opus header is damaged');
    const opus = new this.Opus({ channels, streamCount, coupledStreamCount, channelMappingTable, preSkip: this.preSkip, sampleRate: OPUS_RATE, forceStereo: false });
    await opus.ready;
    this.opus = opus;
    this.total = 0;
    this.frameNumber = 0;
    this.inputBytes = 0;
    this.base = null;
    if (this.out.length === 0) this.out.reset(opus._outputChannels);
    else if (this.out.channels !== opus._outputChannels) throw new Error(`the Ogg Opus stream changes from ${this.out.channels} to ${opus._outputChannels} channels part way`);
    this.headers = 1;
  }

  private tags(packet: Uint8Array): void {
    if (String.fromCharCode(...packet.subarray(0, 8)) !== 'OpusTags') throw new Error("the Opus stream's comment header is missing or damaged");
    this.headers = 2;
  }

  private frame(packet: Uint8Array, errors: Errors): void {
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

  private restart(): void {
    this.opus?.free();
    this.opus = null;
    this.headers = 0;
    this.ended = false;
  }
}

/**
 * Ogg Vorbis through the libvorbis of @wasm-audio-decoders/ogg-vorbis, its packets read by our own Ogg
 * reader (ogg-pages.ts) rather than the package's codec-parser, whose objects per packet cost as much as
 * a third of the decoding. The headers go to libvorbis as the package sends them (the identification and
 * setup headers, an empty comment), and the samples decoded past the last page's granule position (the
 * end of the stream) are dropped. Where decoding starts mid-stream (a span, span-entry-ogg.ts), the first
 * page with audio fixes where the samples stand in the stream: its granule position less what it decoded.
 */
export class OggVorbisDirectDecoder implements WasmDecoder {
  private readonly reader = new OggPacketReader();
  /** Header packets seen (identification, comment, setup). */
  private headers = 0;
  /** Stream position of the first sample decoded, once a page with audio has ended. */
  private base: number | null = null;
  private ended = false;
  private readonly out = new DecodedBuffers();
  private total = 0;
  private frameNumber = 0;
  private inputBytes = 0;
  private heapF32: Float32Array;
  private heapU32: Uint32Array;

  constructor(private readonly vorbis: VorbisLib) {
    this.heapF32 = new Float32Array(0);
    this.heapU32 = new Uint32Array(0);
  }

  get ready(): Promise<void> {
    return this.vorbis.ready;
  }

  free(): void {
    this.vorbis.free();
  }

  async decode(data: Uint8Array): Promise<WasmDecoded> {
    return this.pages(this.reader.push(data));
  }

  async flush(): Promise<WasmDecoded> {
    return this.pages(this.reader.finish());
  }

  private pages(pages: PacketPage[]): WasmDecoded {
    const v = this.vorbis;
    const errors: Errors = [];
    for (const [at, bytes] of this.reader.skipped) {
      errors.push({ message: `${bytes} bytes at byte ${at} are not a whole Ogg page with a matching checksum: skipped`, frameNumber: -1, inputBytes: -1 });
    }
    // The channel count is libvorbis's once the headers are in; before, its memory holds anything.
    this.out.reset(this.headers < 3 ? 0 : v._channels.buf[0]!);
    for (const page of pages) {
      if (this.ended) {
        errors.push({ message: 'another Ogg stream follows the end of the first (chained streams are not read)', frameNumber: -1, inputBytes: -1 });
        break;
      }
      let audio = 0;
      for (const packet of page.packets) {
        if (this.headers < 3) this.header(packet);
        else {
          this.packet(packet, errors);
          audio++;
        }
      }
      if (audio > 0 && page.granule !== null) {
        // The first page with audio: where the samples stand (0 for a stream read from its start), unless
        // it is also the last, whose granule position is the end, not a position to count from.
        if (this.base === null) this.base = page.last ? 0 : page.granule - this.total;
        if (page.last) {
          const excess = this.base + this.total - page.granule;
          if (excess > 0) {
            const trimmed = Math.min(excess, this.out.length);
            this.out.trim(trimmed);
            this.total -= trimmed;
          }
        }
      }
      if (page.last) this.ended = true;
    }
    return { channelData: this.out.views(), samplesDecoded: this.out.length, sampleRate: v._sampleRate.buf[0]!, errors };
  }

  /** One of the three header packets: the identification and setup headers go to libvorbis, the comment does not. */
  private header(packet: Uint8Array): void {
    const kind = [1, 3, 5][this.headers]!;
    if (packet[0] !== kind || String.fromCharCode(...packet.subarray(1, 7)) !== 'vorbis') {
      throw new Error(this.headers === 0 ? 'the Ogg stream is not Vorbis' : `the Vorbis stream's header ${this.headers + 1} is missing or damaged`);
    }
    if (kind !== 3) this.vorbis.sendSetupHeader(packet);
    if (kind === 5) {
      this.vorbis.initDsp();
      this.out.reset(this.vorbis._channels.buf[0]!);
    }
    this.headers++;
  }

  private packet(packet: Uint8Array, errors: Errors): void {
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
      const pointers = this.heapU32;
      const at = v._outputBufferPtr.buf[0]! >> 2;
      const offsets: number[] = [];
      for (let c = 0; c < channels; c++) offsets.push(pointers[at + c]! >> 2);
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

export type { OpusLibClass, VorbisLib, VorbisLibClass };
