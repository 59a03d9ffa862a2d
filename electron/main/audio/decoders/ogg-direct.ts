/**
 * Ogg Opus and Ogg Vorbis through the packages' WebAssembly builds of libopus and libvorbis, driven
 * directly: the Ogg pages are cut by codec-parser exactly as ogg-opus-decoder and @wasm-audio-decoders/
 * ogg-vorbis cut them, and each packet goes to the same WebAssembly calls, but its samples are copied once
 * into buffers kept between calls (decoded-buffers.ts). The packages copy every packet's samples into new
 * arrays, then concatenate them into more new arrays (twice over for Opus); on a long recording that
 * garbage cost more than the analysis (a second per hour of Vorbis on each thread).
 *
 * This reads fields the packages do not document, as they are in the versions package-lock.json pins;
 * tests/unit/audio/direct-decoders.test.ts decodes the fixtures both ways and fails on any difference.
 */
import CodecParser from 'codec-parser';
import { OggPacketReader, type PacketPage } from '../ogg-pages';
import { DecodedBuffers } from './decoded-buffers';
import type { WasmDecoded, WasmDecoder } from './wasm-decoded';

interface HeapArray<T> {
  ptr: number;
  len: number;
  buf: T;
}

/** An Ogg page as codec-parser gives it (the fields used here). */
interface OggPage {
  codecFrames: { data: Uint8Array; header: Record<string, unknown> }[];
  data: Uint8Array;
  isLastPage: boolean;
  totalSamples: number;
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

function oggParser(codec: 'opus' | 'vorbis'): CodecParser {
  return new CodecParser(codec === 'opus' ? 'application/ogg' : 'audio/ogg', {
    onCodec: (found: string) => {
      if (found !== codec) throw new Error(`${codec === 'opus' ? 'ogg-opus-decoder' : '@wasm-audio-decoders/ogg-vorbis'} does not support this codec ${found}`);
    },
    enableFrameCRC32: false,
  });
}

const pagesOf = (it: Iterable<unknown>): OggPage[] => [...it] as OggPage[];

/** Ogg Opus, as ogg-opus-decoder decodes it at 48 kHz. */
export class OggOpusDirectDecoder implements WasmDecoder {
  private parser = oggParser('opus');
  private opus: OpusLib | null = null;
  private readonly out = new DecodedBuffers();
  /** Samples decoded since the stream began (for the trim at its last page). */
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
    return this.pages(pagesOf(this.parser.parseChunk(data)));
  }

  async flush(): Promise<WasmDecoded> {
    const d = await this.pages(pagesOf(this.parser.flush()));
    this.restart();
    return d;
  }

  private async pages(pages: OggPage[]): Promise<WasmDecoded> {
    const errors: Errors = [];
    this.out.reset(this.opus?._outputChannels ?? 0);
    // Samples of this call since the last stream's end: only those can be trimmed at this one's.
    let streamFrom = 0;
    for (const page of pages) {
      const frames = page.codecFrames;
      if (frames.length > 0 && !this.opus) await this.start(frames[0]!.header);
      for (const f of frames) this.frame(f.data, errors);
      if (page.isLastPage) {
        // Samples decoded beyond the last page's granule position are padding: dropped. (Where fewer were
        // decoded than it says, as after a damaged page, ogg-opus-decoder appends zeros to make up the count;
        // this does not make up samples: the decode's shortfall is what the file holds.)
        const excess = Math.round(this.total - page.totalSamples);
        if (excess > 0) this.out.trim(Math.min(excess, this.out.length - streamFrom));
        streamFrom = this.out.length;
        this.restart();
      }
    }
    return { channelData: this.out.views(), samplesDecoded: this.out.length, sampleRate: OPUS_RATE, errors };
  }

  private async start(header: Record<string, unknown>): Promise<void> {
    this.total = 0;
    this.frameNumber = 0;
    this.inputBytes = 0;
    const opus = new this.Opus({
      channels: header.channels,
      streamCount: header.streamCount,
      coupledStreamCount: header.coupledStreamCount,
      channelMappingTable: header.channelMappingTable,
      preSkip: Math.round(((header.preSkip as number) / 48000) * OPUS_RATE),
      sampleRate: OPUS_RATE,
      forceStereo: false,
    });
    await opus.ready;
    this.opus = opus;
    if (this.out.length === 0) this.out.reset(opus._outputChannels);
    else if (this.out.channels !== opus._outputChannels) throw new Error(`the Ogg Opus stream changes from ${this.out.channels} to ${opus._outputChannels} channels part way`);
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

  /** The end of a stream: a new parser and decoder for whatever follows, as ogg-opus-decoder does. */
  private restart(): void {
    this.opus?.free();
    this.opus = null;
    this.parser = oggParser('opus');
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
