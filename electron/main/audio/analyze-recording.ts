/**
 * The one streaming pass over a recording: every byte is read once, in order, hashed, decoded in small
 * slices, and each decoded chunk goes straight to the peak builder, the per-channel analyzers and the
 * echo analyzer before the next slice is read. Memory is bounded by the slice size and the per-frame
 * features, not by the length of the call.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { AudioCodec } from '../../../shared/model/recording';
import { AudioFormatError } from './audio-error';
import { ChannelAnalyzer, type ChannelFeatures } from './channel-analyzer';
import type { DecodedAudio, StreamDecoder } from './decoders/stream-decoder';
import { WasmStreamDecoder } from './decoders/wasm-decoder';
import { WavStreamDecoder } from './decoders/wav-decoder';
import { detectAudioFormat, type AudioContainer } from './detect-format';
import { EchoAnalyzer, type EchoPairFeatures } from './echo-analyzer';
import { PeakBuilder, type PeakLevel } from './peaks';
import type { ReadAt } from './wav-header';

export interface SignalOptions {
  /** Consecutive full-scale samples that make a clipping event. */
  clipMinRun: number;
  maxClipEvents: number;
  /** Longest echo delay looked for. */
  echoMaxLagMs: number;
  /** A channel must be louder than this in a 1 s window to count as the source of an echo. */
  echoSourceMinDbfs: number;
}

export const DEFAULT_SIGNAL_OPTIONS: SignalOptions = { clipMinRun: 3, maxClipEvents: 2000, echoMaxLagMs: 500, echoSourceMinDbfs: -45 };

export interface SignalFeatures {
  path: string;
  container: AudioContainer;
  codec: AudioCodec;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  frames: number;
  durationMs: number;
  sha256: string;
  byteSize: number;
  /** Complete, or partial with the reasons (corrupt frames skipped, stream cut short). */
  decode: { complete: boolean; problems: string[] };
  peaks: PeakLevel[];
  channelFeatures: ChannelFeatures[];
  /** Between channels 0 and 1 of a multi-channel recording. */
  echo: EchoPairFeatures | null;
}

const READ_BLOCK = 1 << 20;

/** Full scale of a decoded G.711 byte is below 1.0; a sample this close to the codec's maximum is clipped. */
function clipLevel(codec: AudioCodec): number {
  if (codec === 'pcm_mulaw') return 32124 / 32768 - 1e-4;
  if (codec === 'pcm_alaw') return 32256 / 32768 - 1e-4;
  if (codec === 'pcm_u8' || codec === 'pcm_s8') return 127 / 128 - 1e-4;
  return 0.99;
}

/** Receives decoded chunks, creating the analyzers once the first chunk tells the rate and channel count. */
class AnalysisSink {
  private peaks: PeakBuilder | null = null;
  private analyzers: ChannelAnalyzer[] = [];
  private echo: EchoAnalyzer | null = null;
  sampleRate = 0;
  channels = 0;
  frames = 0;

  constructor(
    private readonly path: string,
    private readonly codec: AudioCodec,
    private readonly options: SignalOptions,
  ) {}

  push(d: DecodedAudio): void {
    if (d.frames === 0) return;
    if (!this.peaks) {
      this.sampleRate = d.sampleRate;
      this.channels = d.channelData.length;
      this.peaks = new PeakBuilder(d.sampleRate, this.channels);
      const opts = { clipLevel: clipLevel(this.codec), clipMinRun: this.options.clipMinRun, maxClipEvents: this.options.maxClipEvents };
      this.analyzers = d.channelData.map(() => new ChannelAnalyzer(d.sampleRate, opts, 1 << 16));
      if (this.channels >= 2) this.echo = new EchoAnalyzer(this.analyzers[0]!.analysisRate, this.options.echoMaxLagMs, this.options.echoSourceMinDbfs);
    } else if (d.sampleRate !== this.sampleRate || d.channelData.length !== this.channels) {
      throw new AudioFormatError(
        this.path,
        `the stream changes format part way (${this.sampleRate} Hz ${this.channels} ch, then ${d.sampleRate} Hz ${d.channelData.length} ch); chained streams are not supported`,
      );
    }
    // Large chunks are split so the analyzers' per-chunk scratch stays small.
    const step = 1 << 16;
    for (let from = 0; from < d.frames; from += step) {
      const n = Math.min(step, d.frames - from);
      const slice = from === 0 && n === d.frames ? d.channelData : d.channelData.map((c) => c.subarray(from, from + n));
      this.peaks.push(slice, n);
      for (let c = 0; c < this.channels; c++) this.analyzers[c]!.push(slice[c]!, n);
      if (this.echo) {
        const [a, b] = this.analyzers;
        this.echo.push(a!.bandSignal, b!.bandSignal, a!.bandSignalLength);
      }
    }
    this.frames += d.frames;
  }

  finish(): { peaks: PeakLevel[]; channelFeatures: ChannelFeatures[]; echo: EchoPairFeatures | null } | null {
    if (!this.peaks) return null;
    return { peaks: this.peaks.finish(), channelFeatures: this.analyzers.map((a) => a.finish()), echo: this.echo?.finish() ?? null };
  }
}

/** Opens the recording, picks its decoder from the content, and runs the pass. */
export async function analyzeSignal(path: string, options: SignalOptions = DEFAULT_SIGNAL_OPTIONS): Promise<SignalFeatures> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new AudioFormatError(path, `cannot open: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let decoder: StreamDecoder | null = null;
  try {
    const byteSize = fstatSync(fd).size;
    const readAt: ReadAt = (position, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, byteSize - position)));
      const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, position) : 0;
      return buf.subarray(0, n);
    };
    const detected = detectAudioFormat(readAt);
    if (detected.container === null) {
      throw new AudioFormatError(path, `not a recording Turnscope reads (WAV, MP3, Ogg Opus, Ogg Vorbis or FLAC); saw ${detected.seen}`);
    }
    const container = detected.container;
    decoder =
      container === 'wav'
        ? WavStreamDecoder.open(path, byteSize, readAt)
        : await WasmStreamDecoder.open(container, detected.audioStart, byteSize, readAt);
    const sink = new AnalysisSink(path, decoder.codec, options);
    const hash = createHash('sha256');
    const problems: string[] = [];
    let failed = false;
    for (let pos = 0; pos < byteSize; pos += READ_BLOCK) {
      const block = readAt(pos, READ_BLOCK);
      hash.update(block);
      if (failed) continue;
      const from = Math.max(pos, decoder.start);
      const to = Math.min(pos + block.length, decoder.end);
      for (let at = from; at < to && !failed; at += decoder.maxInput) {
        const slice = block.subarray(at - pos, Math.min(to, at + decoder.maxInput) - pos);
        try {
          for (const chunk of await decoder.push(slice)) sink.push(chunk);
        } catch (err) {
          if (err instanceof AudioFormatError) throw err;
          if (sink.frames === 0) throw new AudioFormatError(path, `${decoder.codec} stream cannot be decoded: ${messageOf(err)}`);
          // Keep what decoded so far; the rest of the file is still hashed.
          problems.push(`decoding stopped at byte ${at}: ${messageOf(err)}`);
          failed = true;
        }
      }
    }
    if (!failed) {
      try {
        const end = await decoder.finish();
        for (const chunk of end.tail) sink.push(chunk);
        problems.push(...end.problems);
        if (end.declaredFrames !== null && sink.frames > 0 && sink.frames < end.declaredFrames) {
          problems.push(`decoded ${sink.frames} of the ${end.declaredFrames} samples per channel the stream declares (the file was cut short)`);
        }
      } catch (err) {
        problems.push(`the end of the stream cannot be decoded: ${messageOf(err)}`);
      }
    }
    // Decode errors with next to no audio: the file is not what its first bytes claim.
    if (problems.length > 0 && sink.frames < sink.sampleRate) {
      throw new AudioFormatError(path, `no usable audio could be decoded from this ${decoder.codec} file (${problems[0]})`);
    }
    const result = sink.finish();
    if (!result) throw new AudioFormatError(path, `no audio could be decoded from this ${decoder.codec} file${problems.length ? `: ${problems[0]}` : ''}`);
    return {
      path,
      container,
      codec: decoder.codec,
      sampleRate: sink.sampleRate,
      channels: sink.channels,
      bitsPerSample: decoder.bitsPerSample,
      frames: sink.frames,
      durationMs: (sink.frames / sink.sampleRate) * 1000,
      sha256: hash.digest('hex'),
      byteSize,
      decode: { complete: problems.length === 0, problems },
      ...result,
    };
  } finally {
    decoder?.free();
    closeSync(fd);
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
