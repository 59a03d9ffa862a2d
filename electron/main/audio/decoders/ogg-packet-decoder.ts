/**
 * What the Ogg decoders (ogg-direct.ts: Opus, Vorbis) share: packets from our own Ogg reader (ogg-pages.ts),
 * the stream's header packets to the codec, the rest decoded into kept buffers (decoded-buffers.ts), and the
 * samples decoded past the last page's granule position (the end of the stream) dropped.
 *
 * Positions are counted as granules. The first page with audio fixes where the decoded samples stand in the
 * stream: its granule position less what it decoded. That is the codec's start for a stream read from its
 * beginning, and the entry point when decoding starts mid-stream (a span, span-entry-ogg.ts), so split and
 * one-pass decodes end alike. Where a later page ends past where the samples have got to, pages were lost
 * before it (damaged, stepped over): as much silence goes in before its samples, so that what follows stays
 * at its time in the call (the turns' audio latencies with it), and the loss is reported.
 */
import { OggPacketReader, type PacketPage } from '../ogg-pages';
import { DecodedBuffers } from './decoded-buffers';
import type { WasmDecoded, WasmDecoder } from './wasm-decoded';

export type DecodeErrors = WasmDecoded['errors'];

export abstract class OggPacketDecoder implements WasmDecoder {
  private readonly reader = new OggPacketReader();
  protected readonly out = new DecodedBuffers();
  /** Header packets seen of the current stream. */
  protected headers = 0;
  /** Samples decoded since the current stream began. */
  protected total = 0;
  protected frameNumber = 0;
  protected inputBytes = 0;
  /** Granule position of the first sample decoded, once a page with audio has ended. */
  private base: number | null = null;
  private ended = false;
  /** The logical stream decoded (an Ogg file may carry others beside it, a skeleton track say): null until its first page. */
  private serial: number | null = null;
  /** The stretches filled with silence by the current call. */
  private gaps: { atSample: number; samples: number }[] = [];

  abstract readonly ready: Promise<void>;
  abstract free(): void;
  /** Header packets a stream begins with. */
  protected abstract readonly headerPackets: number;
  /** Whether `packet` is the first header of a stream of this codec. */
  protected abstract isFirstHeader(packet: Uint8Array): boolean;
  /** Header packet number `this.headers` of the stream. */
  protected abstract header(packet: Uint8Array): void | Promise<void>;
  /** An audio packet: decoded into `out`, `total` advanced. */
  protected abstract audio(packet: Uint8Array, errors: DecodeErrors): void;
  /** Granule position of the first sample of a stream decoded from its beginning. */
  protected abstract get streamStart(): number;
  /** Channels decoded (0 until the headers say). */
  protected abstract get channels(): number;
  protected abstract get sampleRate(): number;
  /** For messages. */
  protected abstract readonly codecName: string;
  /** Another logical stream follows the end of the last: whether it is read (its headers come next). */
  protected abstract nextStream(): boolean;

  decode(data: Uint8Array): Promise<WasmDecoded> {
    return this.pages(this.reader.push(data));
  }

  flush(): Promise<WasmDecoded> {
    return this.pages(this.reader.finish());
  }

  /** A new stream's decoding starts (its first header has been read). */
  protected startStream(): void {
    this.total = 0;
    this.frameNumber = 0;
    this.inputBytes = 0;
    this.base = null;
  }

  private async pages(pages: PacketPage[]): Promise<WasmDecoded> {
    this.gaps = [];
    const errors: DecodeErrors = this.reader.skipped.map(([at, bytes]) => ({
      message: `${bytes} bytes at byte ${at} are not a whole Ogg page with a matching checksum: skipped`,
      frameNumber: -1,
      inputBytes: -1,
    }));
    this.out.reset(this.channels);
    for (const page of pages) {
      const startsStream = page.first && page.packets.length > 0 && this.isFirstHeader(page.packets[0]!);
      if (this.serial === null || (this.ended && startsStream)) {
        if (!startsStream) {
          // Another logical stream's first page (a skeleton track, say) before this codec's: passed over.
          if (page.first) continue;
          throw new Error(`the Ogg stream does not begin with ${this.codecName} headers`);
        }
        if (this.serial !== null) {
          // A chained stream after the end of this one.
          if (!this.nextStream()) {
            errors.push({ message: `another Ogg stream follows the end of the first (chained ${this.codecName} streams are not read)`, frameNumber: -1, inputBytes: -1 });
            break;
          }
          this.headers = 0;
          this.ended = false;
        }
        this.serial = page.serial;
      }
      // Pages of other logical streams beside this one are passed over.
      if (page.serial !== this.serial) continue;
      if (this.ended) {
        errors.push({ message: 'more Ogg pages follow the end of the stream: not read', frameNumber: -1, inputBytes: -1 });
        break;
      }
      let audio = 0;
      const pageFrom = this.out.length;
      for (const packet of page.packets) {
        if (this.headers < this.headerPackets) await this.header(packet);
        else {
          this.audio(packet, errors);
          audio++;
        }
      }
      if (audio > 0 && page.granule !== null) {
        // A first page with audio that is also the last: its granule position is the end, not a place to count from.
        if (this.base === null) this.base = page.last ? this.streamStart : page.granule - this.total;
        else this.fillGap(page.granule - (this.base + this.total), pageFrom, errors);
        if (page.last) {
          const excess = Math.min(this.base + this.total - page.granule, this.out.length);
          if (excess > 0) {
            this.out.trim(excess);
            this.total -= excess;
          }
        }
      }
      if (page.last) this.ended = true;
    }
    return { channelData: this.out.views(), samplesDecoded: this.out.length, sampleRate: this.sampleRate, errors, gaps: this.gaps };
  }

  /**
   * `missing` samples should have come before the page whose samples begin at `pageFrom` of this call's output:
   * silence in their place (up to MAX_GAP_SECONDS; a larger jump is only reported). A last page may end short
   * of its granule position too, by samples lost before it.
   */
  private fillGap(missing: number, pageFrom: number, errors: DecodeErrors): void {
    if (missing <= 0) return;
    const rate = this.sampleRate;
    // Where the loss begins on the recording's timeline (granules less the codec's start).
    const atSample = this.base! + this.total - (this.out.length - pageFrom) - this.streamStart;
    const at = (atSample / rate).toFixed(2);
    if (missing > MAX_GAP_SECONDS * rate) {
      errors.push({ message: `the stream jumps ${(missing / rate).toFixed(1)} s ahead at ${at} s (left as it is)`, frameNumber: -1, inputBytes: -1 });
      return;
    }
    this.out.insertSilence(pageFrom, missing);
    this.total += missing;
    this.gaps.push({ atSample, samples: missing });
    errors.push({ message: `${((1000 * missing) / rate).toFixed(0)} ms of audio lost at ${at} s: silence in its place`, frameNumber: -1, inputBytes: -1 });
  }
}

/** Lost stretches longer than this are not filled with silence (a stream whose positions jump, not lost pages). */
const MAX_GAP_SECONDS = 600;
