/**
 * The one streaming pass over a recording: every byte is read once, in order, hashed, decoded in small
 * slices, and each decoded chunk goes straight to the per-channel analyzers (level, clipping, peaks,
 * speech features) and the echo analyzer before the next slice is read. Memory is bounded by the slice
 * size and the per-frame features, not by the length of the call. On a long recording the analyzers run
 * on a second thread while this one decodes (parallel-analysis.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { AudioCodec, AudioGap } from '../../../shared/model/recording';
import { AudioFormatError } from './audio-error';
import type { ChannelFeatures } from './channel-analyzer';
import { ChannelGroup, type ChannelResult } from './channel-group';
import type { DecodedAudio, StreamDecoder } from './decoders/stream-decoder';
import { WasmStreamDecoder } from './decoders/wasm-decoder';
import { WavStreamDecoder } from './decoders/wav-decoder';
import { detectAudioFormat, type AudioContainer } from './detect-format';
import type { EchoPairFeatures } from './echo-analyzer';
import { HelperLink, speechActivityOf } from './parallel-analysis';
import { readerOf, reusedBlockReader } from './file-reader';
import { peakLevels, type PeakLevel } from './peaks';
import type { SpanSetup } from './span-analysis';
import { analyzeInSpans } from './span-pass';
import { CONCURRENT_VAD_MAX_SECONDS, type ChannelActivity, type VadOptions } from './speech-activity';

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

/** What one pass learns about a recording as a file and a signal, whatever is analysed on top. */
export interface RecordingFacts {
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
  decode: { complete: boolean; problems: string[]; gaps: AudioGap[] };
  peaks: PeakLevel[];
}

export interface SignalFeatures extends RecordingFacts {
  channelFeatures: ChannelFeatures[];
  /** Between channels 0 and 1 of a multi-channel recording. */
  echo: EchoPairFeatures | null;
  /**
   * Speech activity per channel when it was run during the pass (with a helper thread), with its options;
   * those channels' `bandEnergy` is then empty (let go once used).
   */
  speechActivity?: { vad: VadOptions; channels: ChannelActivity[] };
  /** Spans of time the pass was split into, each decoded on its own thread (1: one pass). */
  spans?: number;
}

const READ_BLOCK = 1 << 20;

/** Full scale of a decoded G.711 byte is below 1.0; a sample this close to the codec's maximum is clipped. */
function clipLevel(codec: AudioCodec): number {
  if (codec === 'pcm_mulaw') return 32124 / 32768 - 1e-4;
  if (codec === 'pcm_alaw') return 32256 / 32768 - 1e-4;
  if (codec === 'pcm_u8' || codec === 'pcm_s8') return 127 / 128 - 1e-4;
  return 0.99;
}

export interface SignalRun {
  /**
   * A second thread for the per-channel analysis, overlapping it with decoding: 'auto' when the machine has
   * a spare core and the recording is long enough to repay starting one (the analysis worker's choice),
   * 'always' (tests), or never (the default).
   */
  helper?: 'auto' | 'always' | 'never';
  /** With a helper: run the speech detection too, half of the channels on each thread. */
  vad?: VadOptions;
  /**
   * Shortest span worth a thread of its own when the pass is split in time (span-pass.ts); tests lower it
   * to split their short recordings.
   */
  minSpanSeconds?: number;
  /** Threads for the split in time, whatever the machine has (benchmarks measuring memory); 0: not split. */
  spanThreads?: number;
}

/** Length hints (StreamDecoder.expectedFrames) beyond this are not used to size the feature arrays. */
const HINT_MAX_SECONDS = 8 * 3600;

/**
 * Recordings shorter than this are analysed on one thread: a second would take longer to start than it
 * saves (measured built, 2 cores: a 150 s WAV took 0.48 s with the helper, 0.35 s without; 10 minutes
 * broke even). Longer ones are mostly split in time instead (span-pass.ts); the helper remains for streams
 * that cannot be split.
 */
const HELPER_MIN_SECONDS = 10 * 60;

interface SinkResult {
  peaks: PeakLevel[];
  channelFeatures: ChannelFeatures[];
  echo: EchoPairFeatures | null;
  activities?: ChannelActivity[];
}

/**
 * Receives decoded chunks, creating the analyzers once the first chunk tells the rate and channel count;
 * with a helper thread, hands it the channels it analyses.
 */
class AnalysisSink {
  private group: ChannelGroup | null = null;
  /** Channels analysed on the helper thread (none without one). */
  private remote: number[] = [];
  sampleRate = 0;
  channels = 0;
  frames = 0;

  constructor(
    private readonly path: string,
    private readonly codec: AudioCodec,
    private readonly options: SignalOptions,
    private readonly helper: HelperLink | null,
    /** Decoding is cheap (PCM): the reading thread analyses half of the channels itself. */
    private readonly shareWithReader: boolean,
    /** The decoder's length hint (StreamDecoder.expectedFrames). */
    private readonly expectedFrames: number | null,
  ) {}

  private start(d: DecodedAudio): void {
    this.sampleRate = d.sampleRate;
    this.channels = d.channelData.length;
    const all = d.channelData.map((_, c) => c);
    const { channel, echo } = groupSetup(this.codec, this.options, this.sampleRate, this.channels);
    // The container's length hint, at this rate (an Ogg Opus granule counts at 48 kHz); ignored past
    // HINT_MAX_SECONDS, so a header that claims days cannot make the analyzers reserve for them.
    const hint = this.expectedFrames === null ? 0 : this.codec === 'opus' ? Math.round((this.expectedFrames * d.sampleRate) / 48000) : this.expectedFrames;
    const expectedFrames = hint > 0 && hint <= HINT_MAX_SECONDS * d.sampleRate ? hint : 0;
    const setup = { sampleRate: d.sampleRate, channels: this.channels, channel, expectedFrames };
    if (!this.helper) {
      this.group = new ChannelGroup({ ...setup, mine: all, echo });
      return;
    }
    const local = this.shareWithReader && this.channels >= 2 ? all.slice(0, Math.floor(this.channels / 2)) : [];
    this.remote = all.filter((c) => !local.includes(c));
    // The echo analysis runs on the helper; band signals of channels 0/1 analysed here go with the samples.
    this.group = new ChannelGroup({ ...setup, mine: local, echo: null }, echo ? local.filter((c) => c < 2) : []);
    this.helper.setup({ ...setup, mine: this.remote, echo });
  }

  async push(d: DecodedAudio): Promise<void> {
    if (d.frames === 0) return;
    if (!this.group) this.start(d);
    else if (d.sampleRate !== this.sampleRate || d.channelData.length !== this.channels) {
      throw new AudioFormatError(
        this.path,
        `the stream changes format part way (${this.sampleRate} Hz ${this.channels} ch, then ${d.sampleRate} Hz ${d.channelData.length} ch); chained streams are not supported`,
      );
    }
    const group = this.group!;
    group.push(d.channelData, d.frames);
    if (this.helper) {
      const bands: (Float32Array | null)[] = [0, 1].map((c) => (c < this.channels && group.analyzers[c] ? group.exportedBand(c) : null));
      await this.helper.send(d.frames, d.channelData, bands);
    }
    this.frames += d.frames;
  }

  async finish(vad: VadOptions | null): Promise<SinkResult | null> {
    if (!this.group) return null;
    const group = this.group;
    const local = group.finishChannels();
    const helper = this.helper;
    if (!helper) return this.assemble(local, group.finishEcho(), null);
    // Speech detection: the first half of the channels here, the rest on the helper, at the same time;
    // or, on a long recording, all here once the helper is gone (two at once would cost too much memory).
    const together = vad !== null && this.frames <= (CONCURRENT_VAD_MAX_SECONDS * this.sampleRate);
    const half = Math.ceil(this.channels / 2);
    const { channels, done } = helper.finish(vad, together ? this.remote.filter((c) => c >= half) : []);
    const received = await channels;
    const activities: ChannelActivity[] = [];
    if (vad && together) for (const r of [...local, ...received]) activities[r.channel] = speechActivityOf(r, vad);
    const rest = await done;
    // Gone before the speech detection that remains here, so the two threads' memory never adds up to it.
    await helper.close();
    const results = [...local, ...received, ...rest.results];
    for (const a of rest.activities) activities[a.channel] = a.activity;
    if (vad && !together) for (const r of results) activities[r.channel] = speechActivityOf(r, vad);
    return this.assemble(results, rest.echo, vad ? activities : null);
  }

  private assemble(results: ChannelResult[], echo: EchoPairFeatures | null, activities: ChannelActivity[] | null): SinkResult {
    const byChannel = [...results].sort((a, b) => a.channel - b.channel);
    if (byChannel.length !== this.channels || byChannel.some((r, c) => r.channel !== c)) {
      throw new Error(`audio analysis: results for channels ${byChannel.map((r) => r.channel).join(',')} of ${this.channels}`);
    }
    return {
      peaks: byChannel.flatMap((r) => peakLevels(r.channel, r.finestPeaks, r.samplesPerPeak)),
      channelFeatures: byChannel.map((r) => r.features),
      echo,
      ...(activities ? { activities } : {}),
    };
  }
}

/** Opens the recording, picks its decoder from the content, and runs the pass. */
export async function analyzeSignal(path: string, options: SignalOptions = DEFAULT_SIGNAL_OPTIONS, run: SignalRun = {}): Promise<SignalFeatures> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new AudioFormatError(path, `cannot open: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let decoder: StreamDecoder | null = null;
  let helper: HelperLink | null = null;
  try {
    const byteSize = fstatSync(fd).size;
    const readAt = readerOf(fd, byteSize);
    const detected = detectAudioFormat(readAt);
    if (detected.container === null) {
      throw new AudioFormatError(path, `not a recording Turnscope reads (WAV, MP3, Ogg Opus, Ogg Vorbis or FLAC); saw ${detected.seen}`);
    }
    const container = detected.container;
    // Split in time when the recording is long enough; the one pass below is the fallback, and only then is
    // a decoder opened here.
    const threads = spanThreads(run);
    if (threads >= 2) {
      const spans = await analyzeInSpans(path, container, detected.audioStart, (codec, sampleRate, channels) => groupSetup(codec, options, sampleRate, channels), threads, run.vad ?? null, run.minSpanSeconds);
      if (spans) {
        return {
          path,
          container,
          codec: spans.codec,
          sampleRate: spans.sampleRate,
          channels: spans.channels,
          bitsPerSample: spans.bitsPerSample,
          frames: spans.frames,
          durationMs: (spans.frames / spans.sampleRate) * 1000,
          sha256: spans.sha256,
          byteSize,
          decode: { complete: true, problems: [], gaps: [] },
          peaks: spans.joined.results.flatMap((r) => peakLevels(r.channel, r.finestPeaks, r.samplesPerPeak)),
          channelFeatures: spans.joined.results.map((r) => r.features),
          echo: spans.joined.echo,
          ...(spans.activities && run.vad ? { speechActivity: { vad: run.vad, channels: spans.activities } } : {}),
          spans: spans.count,
        };
      }
    }
    decoder =
      container === 'wav'
        ? WavStreamDecoder.open(path, byteSize, readAt)
        : await WasmStreamDecoder.open(container, detected.audioStart, byteSize, readAt);
    if (wantHelper(run, decoder, byteSize)) helper = HelperLink.start();
    const sink = new AnalysisSink(path, decoder.codec, options, helper, container === 'wav', decoder.expectedFrames);
    const hash = createHash('sha256');
    const problems: string[] = [];
    let gaps: AudioGap[] = [];
    let failed = false;
    // The WAV decoder copies what it keeps, so its blocks can share one buffer; the others may hold on to theirs.
    const readBlock = decoder instanceof WavStreamDecoder ? reusedBlockReader(fd, byteSize, READ_BLOCK) : (pos: number) => readAt(pos, READ_BLOCK);
    for (let pos = 0; pos < byteSize; pos += READ_BLOCK) {
      const block = readBlock(pos);
      hash.update(block);
      if (failed) continue;
      const from = Math.max(pos, decoder.start);
      const to = Math.min(pos + block.length, decoder.end);
      for (let at = from; at < to && !failed; at += decoder.maxInput) {
        const slice = block.subarray(at - pos, Math.min(to, at + decoder.maxInput) - pos);
        let chunks: DecodedAudio[];
        try {
          chunks = await decoder.push(slice);
        } catch (err) {
          if (err instanceof AudioFormatError) throw err;
          if (sink.frames === 0) throw new AudioFormatError(path, `${decoder.codec} stream cannot be decoded: ${messageOf(err)}`);
          // Keep what decoded so far; the rest of the file is still hashed.
          problems.push(`decoding stopped at byte ${at}: ${messageOf(err)}`);
          failed = true;
          continue;
        }
        for (const chunk of chunks) await sink.push(chunk);
      }
    }
    if (!failed) {
      try {
        const end = await decoder.finish();
        for (const chunk of end.tail) await sink.push(chunk);
        problems.push(...end.problems);
        gaps = end.gaps;
        if (end.declaredFrames !== null && sink.frames > 0 && sink.frames < end.declaredFrames) {
          // Samples lost to unreadable frames inside the stream are already reported; only the rest is missing at the end.
          const cause = sink.frames + end.lostFrames < end.declaredFrames ? 'the file was cut short' : 'the unreadable frames above';
          problems.push(`decoded ${sink.frames} of the ${end.declaredFrames} samples per channel the stream declares (${cause})`);
        }
      } catch (err) {
        if (helper?.failed) throw err;
        problems.push(`the end of the stream cannot be decoded: ${messageOf(err)}`);
      }
    }
    // Decode errors with next to no audio: the file is not what its first bytes claim.
    if (problems.length > 0 && sink.frames < sink.sampleRate) {
      throw new AudioFormatError(path, `no usable audio could be decoded from this ${decoder.codec} file (${problems[0]})`);
    }
    const result = await sink.finish(helper ? (run.vad ?? null) : null);
    if (!result) throw new AudioFormatError(path, `no audio could be decoded from this ${decoder.codec} file${problems.length ? `: ${problems[0]}` : ''}`);
    const { activities, ...signal } = result;
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
      decode: { complete: problems.length === 0, problems, gaps },
      ...signal,
      ...(activities && run.vad ? { speechActivity: { vad: run.vad, channels: activities } } : {}),
    };
  } finally {
    helper?.dispose();
    decoder?.free();
    closeSync(fd);
  }
}

/** What the analyzers of a recording are set up with, whichever way the pass is split. */
function groupSetup(codec: AudioCodec, options: SignalOptions, sampleRate: number, channels: number): SpanSetup {
  return {
    sampleRate,
    channels,
    channel: { clipLevel: clipLevel(codec), clipMinRun: options.clipMinRun, maxClipEvents: options.maxClipEvents },
    echo: channels >= 2 ? { maxLagMs: options.echoMaxLagMs, sourceMinDbfs: options.echoSourceMinDbfs } : null,
  };
}

/**
 * Most spans a recording is split into (one thread each): the saving grows with them, and so does memory
 * (span-pass.ts: 4 threads take a 2-hour Opus call over 300 MB).
 */
const MAX_SPAN_THREADS = 3;

/** Threads to split the pass over in time (span-pass.ts); below 2, it is not split. */
function spanThreads(run: SignalRun): number {
  if (run.spanThreads !== undefined) return run.spanThreads;
  if (run.helper === 'always') return Math.max(2, Math.min(MAX_SPAN_THREADS, availableParallelism()));
  const cores = availableParallelism();
  if (run.helper !== 'auto' || cores < 2 || loadavg()[0]! > cores + 1) return 0;
  return Math.min(MAX_SPAN_THREADS, cores);
}

function wantHelper(run: SignalRun, decoder: StreamDecoder, byteSize: number): boolean {
  if (run.helper === 'always') return true;
  // A second thread pays when it can get a core: not on one core, nor when the machine is already running
  // more than a core's worth of work beyond its cores (measured on 2 cores: ~30 % faster at a load of 1-2,
  // ~10 % slower at 4-5).
  const cores = availableParallelism();
  if (run.helper !== 'auto' || cores < 2 || loadavg()[0]! > cores + 1) return false;
  // PCM: the exact length; compressed: at least this long even at 128 kbit/s.
  const seconds = decoder instanceof WavStreamDecoder ? decoder.format.frames / decoder.format.sampleRate : byteSize / 16_000;
  return seconds >= HELPER_MIN_SECONDS;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
