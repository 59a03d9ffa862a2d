/**
 * MP3, Ogg Opus, Ogg Vorbis and FLAC through the wasm-audio-decoders family (WebAssembly compiled from
 * mpg123, libopus, libvorbis and libFLAC, shipped inside the npm packages: no native binary, nothing
 * fetched at run time). Each is fed the file in small slices and returns the audio those slices complete.
 * MP3, Opus and Vorbis drive the packages' WebAssembly directly (mpeg-direct.ts, ogg-direct.ts: their output
 * copied once into kept buffers); FLAC is cut into frames by our own splitter (flac-frames.ts).
 */
import type { AudioCodec, AudioGap } from '../../../../shared/model/recording';
import type { AudioContainer } from '../detect-format';
import { mp3CutShort, walkMp3 } from '../mp3-walk';
import { mp3LengthHint, mpegFrameAt } from '../mpeg-frame';
import type { ReadAt } from '../wav-header';
import { FlacFrameSplitter, readFlacLayout, type FlacBlocks } from './flac-frames';
import type { DecodedAudio, DecodeEnd, StreamDecoder } from './stream-decoder';
import { MpegDirectDecoder, type MpegLibDecoder } from './mpeg-direct';
import { OggOpusDirectDecoder, OggVorbisDirectDecoder, type OpusLibClass, type VorbisLib } from './ogg-direct';
import type { WasmDecoded, WasmDecoder } from './wasm-decoded';

/** @wasm-audio-decoders/flac's decoder, as far as it is used here. */
interface FlacLibDecoder extends WasmDecoder {
  decodeFrames(frames: Uint8Array[]): Promise<WasmDecoded>;
}

const NOTHING: WasmDecoded = { channelData: [], samplesDecoded: 0, sampleRate: 0, errors: [] };

/**
 * FLAC fed to libFLAC frame by frame, cut by our own splitter (flac-frames.ts says why) instead of the
 * package's codec-parser. The stream pushed to it starts with the metadata (`metadataBytes` long, skipped).
 * Frames the splitter had to step over become silence of their length, so the rest keeps its time.
 */
class FlacFramesDecoder implements WasmDecoder {
  private skip: number;
  private readonly splitter: FlacFrameSplitter;
  private reported = 0;
  /** Stream samples handed out so far (silence in place of lost frames included), from the first frame's. */
  private emitted = 0;
  /** Lost frames reported whose silence has not gone in yet (the audio before them has not all come). */
  private readonly unfilled: { atSample: number; samples: number }[] = [];

  constructor(
    private readonly flac: FlacLibDecoder,
    metadataBytes: number,
    blocks: FlacBlocks,
  ) {
    this.skip = metadataBytes;
    this.splitter = new FlacFrameSplitter(blocks);
  }

  get ready(): Promise<void> {
    return this.flac.ready;
  }

  /** Samples of lost frames not (yet) made up with silence. */
  get lostFrames(): number {
    return this.unfilled.reduce((n, g) => n + g.samples, 0);
  }

  async decode(data: Uint8Array): Promise<WasmDecoded> {
    let bytes = data;
    if (this.skip > 0) {
      const n = Math.min(this.skip, bytes.length);
      this.skip -= n;
      bytes = bytes.subarray(n);
    }
    return this.decoded(bytes.length > 0 ? this.splitter.push(bytes) : []);
  }

  async flush(): Promise<WasmDecoded> {
    return this.decoded(this.splitter.finish());
  }

  free(): void {
    this.flac.free();
  }

  private async decoded(frames: Uint8Array[]): Promise<WasmDecoded> {
    const d = frames.length > 0 ? await this.flac.decodeFrames(frames) : { ...NOTHING, errors: [] };
    // Frames the splitter had to step over (a damaged header): samples missing from the stream, said so, and
    // silence in their place once the audio before them is out, so what follows stays at its time.
    for (; this.reported < this.splitter.gaps.length; this.reported++) {
      const g = this.splitter.gaps[this.reported]!;
      d.errors.push({ message: `a frame header could not be read: ${g.samples} samples from sample ${g.atSample} are missing (silence in their place)`, frameNumber: -1, inputBytes: -1 });
      this.unfilled.push(g);
    }
    const first = this.splitter.firstSample ?? 0;
    d.gaps = [];
    while (this.unfilled.length > 0 && d.channelData.length > 0 && this.unfilled[0]!.atSample - first <= this.emitted + d.samplesDecoded) {
      const g = this.unfilled.shift()!;
      const at = Math.max(0, g.atSample - first - this.emitted);
      d.channelData = d.channelData.map((c) => {
        const filled = new Float32Array(d.samplesDecoded + g.samples);
        filled.set(c.subarray(0, at));
        filled.set(c.subarray(at, d.samplesDecoded), at + g.samples);
        return filled;
      });
      d.samplesDecoded += g.samples;
      d.gaps.push({ atSample: g.atSample - first, samples: g.samples });
    }
    this.emitted += d.samplesDecoded;
    return d;
  }
}

/** Small input slices: 32 KiB of Opus is ~5 s of stereo audio, i.e. ~2 MB decoded. */
const MAX_INPUT = 32 * 1024;
/** Errors kept verbatim; beyond this only counted. */
const MAX_PROBLEMS = 5;

async function createDecoder(container: Exclude<AudioContainer, 'wav'>): Promise<WasmDecoder> {
  switch (container) {
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      return new MpegDirectDecoder(new MPEGDecoder() as unknown as MpegLibDecoder);
    }
    case 'ogg-opus': {
      const { OpusDecoder } = await import('opus-decoder');
      return new OggOpusDirectDecoder(OpusDecoder as unknown as OpusLibClass);
    }
    case 'ogg-vorbis': {
      // The package's Ogg layer is not used; its libvorbis decoder is, once ready.
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      const lib = new OggVorbisDecoder();
      await lib.ready;
      return new OggVorbisDirectDecoder((lib as unknown as { _decoder: VorbisLib })._decoder);
    }
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      return new FLACDecoder() as unknown as FlacLibDecoder;
    }
  }
}

const CODEC: Record<Exclude<AudioContainer, 'wav'>, AudioCodec> = { mp3: 'mp3', 'ogg-opus': 'opus', 'ogg-vorbis': 'vorbis', flac: 'flac' };

export class WasmStreamDecoder implements StreamDecoder {
  readonly codec: AudioCodec;
  readonly maxInput = MAX_INPUT;
  private readonly problems: string[] = [];
  private errors = 0;
  private readonly gaps: AudioGap[] = [];

  private constructor(
    private readonly decoder: WasmDecoder,
    container: Exclude<AudioContainer, 'wav'>,
    readonly start: number,
    readonly end: number,
    readonly bitsPerSample: number,
    private readonly declaredFrames: number | null,
    endProblem: string | null,
    readonly expectedFrames: number | null,
    /**
     * Channels to keep: mpg123-decoder hands back two channels even for a mono MP3 (the same samples
     * twice), which would read as a second party and as a perfect 0 ms echo; null keeps what comes.
     */
    private readonly keepChannels: number | null = null,
    /** Looks, once the stream has been decoded to its end, at whether the file was cut short (MP3: mpg123 does not say). */
    private readonly endCheck: (() => string | null) | null = null,
  ) {
    this.codec = CODEC[container];
    if (endProblem) this.problems.push(endProblem);
  }

  /**
   * `walked`: the file's frames have been walked whole already (a span: its planner did), so the end of an MP3
   * need not be looked at again.
   */
  static async open(container: Exclude<AudioContainer, 'wav'>, audioStart: number, fileSize: number, readAt: ReadAt, walked = false): Promise<WasmStreamDecoder> {
    let decoder = await createDecoder(container);
    await decoder.ready;
    let bits = 0;
    let declared: number | null = null;
    let endProblem: string | null = null;
    let expected: number | null = null;
    if (container === 'flac') {
      const layout = readFlacLayout(audioStart, fileSize, readAt);
      bits = layout?.bitsPerSample ?? 16;
      declared = layout?.totalSamples || null;
      // Metadata we cannot walk: left to the package's own parser, which searches for frames.
      if (layout) decoder = new FlacFramesDecoder(decoder as FlacLibDecoder, layout.firstFrame - audioStart, layout);
    } else if (container === 'ogg-opus' || container === 'ogg-vorbis') {
      const last = lastOggPage(readAt, fileSize);
      if (!last?.endOfStream) endProblem = 'the Ogg stream ends without its end-of-stream page (the file was cut short)';
      // The last page's granule position: samples from the start (48 kHz for Opus), a length hint.
      if (last && last.granule > 0) expected = last.granule;
    }
    if (container === 'flac') expected = declared;
    let keep: number | null = null;
    let endCheck: (() => string | null) | null = null;
    if (container === 'mp3') {
      if (!walked) {
        endCheck = () => {
          const walk = walkMp3(audioStart, fileSize, readAt);
          return walk ? mp3CutShort(walk) : null;
        };
      }
      const head = readAt(audioStart, 256);
      expected = mp3LengthHint(head, fileSize - audioStart);
      keep = mpegFrameAt(head, 0)?.channels ?? null;
    }
    return new WasmStreamDecoder(decoder, container, audioStart, fileSize, bits, declared, endProblem, expected, keep, endCheck);
  }

  async push(bytes: Uint8Array): Promise<DecodedAudio[]> {
    return this.collect(await this.decoder.decode(bytes));
  }

  async finish(): Promise<DecodeEnd> {
    // A cut-short Ogg stream ends inside a page; flushing it makes the decoder conceal seconds of audio that
    // are not in the file, so its last partial page is dropped instead.
    const cutOgg = this.codec !== 'flac' && this.codec !== 'mp3' && this.problems.length > 0;
    const tail = this.decoder.flush && !cutOgg ? this.collect(await this.decoder.flush()) : [];
    const cut = this.endCheck?.() ?? null;
    if (cut) this.problems.push(cut);
    if (this.errors > MAX_PROBLEMS) this.problems.push(`… and ${this.errors - MAX_PROBLEMS} more decode errors`);
    return { tail, problems: this.problems, declaredFrames: this.declaredFrames, lostFrames: this.decoder.lostFrames ?? 0, gaps: this.gaps };
  }

  get errorCount(): number {
    return this.errors;
  }

  free(): void {
    try {
      this.decoder.free();
    } catch {
      // Damaged input can leave a decoder's WebAssembly heap inconsistent, so that releasing it traps (seen
      // with libopus on an Ogg stream with a stretch repeated). It is being thrown away: what it
      // decoded and the problems it reported stand.
    }
  }

  private collect(d: WasmDecoded): DecodedAudio[] {
    for (const g of d.gaps ?? []) this.gaps.push({ startMs: (1000 * g.atSample) / d.sampleRate, durationMs: (1000 * g.samples) / d.sampleRate });
    for (const e of d.errors) {
      if (++this.errors <= MAX_PROBLEMS) this.problems.push(e.frameNumber >= 0 ? `${this.codec} frame ${e.frameNumber} (input byte ${e.inputBytes}): ${e.message}` : `${this.codec}: ${e.message}`);
    }
    if (d.samplesDecoded === 0 || d.channelData.length === 0) return [];
    const channelData = this.keepChannels !== null && this.keepChannels < d.channelData.length ? d.channelData.slice(0, this.keepChannels) : d.channelData;
    return [{ channelData, frames: d.samplesDecoded, sampleRate: d.sampleRate }];
  }
}

/** The last Ogg page header in the file's final 64 KiB: whether it closes the stream, and its granule position. */
function lastOggPage(readAt: ReadAt, fileSize: number): { endOfStream: boolean; granule: number } | null {
  const from = Math.max(0, fileSize - 65536);
  const tail = readAt(from, fileSize - from);
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] === 0x4f && tail[i + 1] === 0x67 && tail[i + 2] === 0x67 && tail[i + 3] === 0x53 && tail[i + 4] === 0) {
      // Granule position: 64-bit little-endian at byte 6 (-1: no packet ends on the page).
      const lo = (tail[i + 6]! | (tail[i + 7]! << 8) | (tail[i + 8]! << 16) | (tail[i + 9]! << 24)) >>> 0;
      const hi = (tail[i + 10]! | (tail[i + 11]! << 8) | (tail[i + 12]! << 16) | (tail[i + 13]! << 24)) >>> 0;
      const granule = hi >= 0x80000000 || hi > 0x1fffff ? 0 : hi * 4294967296 + lo;
      return { endOfStream: (tail[i + 5]! & 0x04) !== 0, granule };
    }
  }
  return null;
}
