/**
 * One recording analysed as consecutive spans of time, each on its own thread, then joined into what a
 * single pass over the whole recording measures. This is what lets decoding itself run on several cores:
 * each thread decodes and analyses its own stretch of the file.
 *
 * A span's analyzers first see a short warm-up before the span (its samples only bring the filters into the
 * state one pass would have had there) and, after it, the speech-band signal the echo analysis needs to
 * finish the span's last windows. Spans start on a grid where every per-frame measurement (peak bucket,
 * envelope frame, speech-feature frame, decimator block, echo sample pair) begins afresh, so the joined
 * arrays are the one-pass arrays: the only differences are in the filters' state at a span's start, below
 * 1e-12 of the signal after the warm-up, and in the echo analysis's running noise floor, which each span
 * learns anew (see tests/unit/audio/span-analysis.test.ts for what is compared, and how closely).
 */
import { ANALYSIS_RATE, ENVELOPE_FRAME_MS, FEATURE_FRAME_MS, type ChannelAnalyzer, type ChannelAnalyzerOptions, type ClipEvent } from './channel-analyzer';
import { ChannelSet } from './channel-set';
import type { ChannelResult } from './channel-group';
import { ECHO_RATE, EchoAnalyzer, echoTailSamples, type EchoPairFeatures } from './echo-analyzer';
import { concatArrays } from './growable';
import { FINEST_PEAKS_PER_SECOND } from './peaks';

const int16s = (n: number): Int16Array => new Int16Array(n);

/** Frames handed to the analyzers at a time (their scratch is sized for it). */
const STEP = 1 << 13;
/** Filter warm-up before a span: the slowest filter (the 200 Hz high-pass) decays by 1e-15 in ~40 ms. */
const WARM_UP_SECONDS = 0.25;

export interface SpanSetup {
  sampleRate: number;
  channels: number;
  channel: ChannelAnalyzerOptions;
  echo: { maxLagMs: number; sourceMinDbfs: number } | null;
}

/** Frames of the recording a span covers, and the frames around it its analyzers need. */
export interface SpanBounds {
  /** First frame the analyzers see (warm-up from here). */
  warmFrom: number;
  /** First frame of the span. */
  from: number;
  /** End of the span (exclusive); null for the last span, which runs to the end of the stream. */
  to: number | null;
  /**
   * For the last span: the stream's length as the container declares it, where decoding from the middle
   * runs on past it (an MP3 decoder that never saw the encoder's padding note); null to take all there is.
   */
  end?: number | null;
}

export interface SpanChannel {
  result: ChannelResult;
  /** The full-scale run the span starts with, and the one still open at its end (null for the last span). */
  leadingRun: { samples: number; sign: number };
  openRun: { samples: number; sign: number } | null;
}

export interface SpanResult {
  from: number;
  /** Frames of the span actually analysed. */
  frames: number;
  channels: SpanChannel[];
  echo: EchoPairFeatures | null;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/**
 * The span grid, in frames: every multiple starts a peak bucket, an envelope frame, a speech-feature frame,
 * a decimator block and an echo sample pair. Null when the rate has no such grid within a few seconds.
 */
export function spanGrid(sampleRate: number): number | null {
  if (!Number.isInteger(sampleRate) || sampleRate < ANALYSIS_RATE) return null;
  const g = gcd(sampleRate, ANALYSIS_RATE);
  // Per `blockIn` input frames the decimator writes `blockOut` analysis samples and its phase is back to 0.
  const blockIn = sampleRate / g;
  const blockOut = ANALYSIS_RATE / g;
  const featureOut = Math.round((ANALYSIS_RATE * FEATURE_FRAME_MS) / 1000);
  const pairOut = ANALYSIS_RATE / ECHO_RATE;
  const out = lcm(lcm(featureOut, pairOut), blockOut);
  const grid = [out / blockOut * blockIn, Math.max(1, Math.round(sampleRate / FINEST_PEAKS_PER_SECOND)), Math.max(1, Math.round((sampleRate * ENVELOPE_FRAME_MS) / 1000))].reduce(lcm);
  return grid <= 4 * sampleRate ? grid : null;
}

/** Warm-up frames before a span (a whole number of grid steps). */
export function warmUpFrames(sampleRate: number, grid: number): number {
  return Math.ceil((WARM_UP_SECONDS * sampleRate) / grid) * grid;
}

/** Frames a non-final span's analyzers must see past its end (the echo analysis's last windows). */
export function tailFrames(sampleRate: number, setup: SpanSetup): number {
  return setup.echo ? Math.ceil((echoTailSamples(setup.echo.maxLagMs) * sampleRate) / ECHO_RATE) + sampleRate / 10 : 0;
}

/** The analysis of one span: fed decoded audio with each chunk's frame index in the recording. */
export class SpanAnalysis {
  private readonly set: ChannelSet;
  private readonly analyzers: ChannelAnalyzer[];
  private echo: EchoAnalyzer | null = null;
  private started = false;
  private taken: SpanChannel[] | null = null;
  private readonly tailTo: number | null;
  private readonly echoRatio: number;
  /** Frames of the span analysed so far. */
  private frames = 0;

  constructor(
    private readonly setup: SpanSetup,
    private readonly bounds: SpanBounds,
    /** The span's length when known (sizes the feature arrays), else 0. */
    private readonly expectedFrames: number,
  ) {
    this.set = new ChannelSet(setup.channels, setup.sampleRate, setup.channel, STEP, 0);
    this.analyzers = this.set.analyzers;
    this.tailTo = bounds.to === null ? (bounds.end ?? null) : bounds.to + tailFrames(setup.sampleRate, setup);
    this.echoRatio = setup.sampleRate / ECHO_RATE;
    if (bounds.from === bounds.warmFrom) this.start();
  }

  /** Whether frames from `at` on are still wanted. */
  wants(at: number): boolean {
    return this.tailTo === null || at < this.tailTo;
  }

  /** Decoded frames whose first is frame `at` of the recording (any part outside the span's reach is ignored). */
  push(data: readonly Float32Array[], frames: number, at: number): void {
    let i = Math.max(0, this.bounds.warmFrom - at);
    const end = this.tailTo === null ? frames : Math.min(frames, this.tailTo - at);
    while (i < end) {
      const pos = at + i;
      const { from, to } = this.bounds;
      // Up to the next boundary (span start, span end) or the step size.
      let n = Math.min(end - i, STEP);
      if (pos < from) n = Math.min(n, from - pos);
      else if (to !== null && pos < to) n = Math.min(n, to - pos);
      if (n <= 0) break;
      const x = (c: number): Float32Array => data[c]!.subarray(i, i + n);
      if (!this.started && pos >= from) throw new Error(`audio span from frame ${from}: decoding began at frame ${pos}, after the span's warm-up should have`);
      if (pos < from) {
        this.set.push(x, n);
      } else if (to === null || pos < to) {
        this.set.push(x, n);
        this.frames += n;
        this.pushEcho();
      } else {
        this.set.pushBandOnly(x, n);
        this.pushEcho();
      }
      i += n;
      if (!this.started && pos + n === from) this.start();
      if (to !== null && pos + n === to && this.taken === null) this.taken = this.take(false);
    }
  }

  private start(): void {
    const { from, to } = this.bounds;
    for (const a of this.analyzers) a.restartAt(from, this.expectedFrames);
    const s = this.setup;
    if (s.echo && s.channels >= 2) {
      this.echo = new EchoAnalyzer(ANALYSIS_RATE, s.echo.maxLagMs, s.echo.sourceMinDbfs, {
        base: Math.round(from / this.echoRatio),
        windowsBefore: to === null ? Infinity : Math.round(to / this.echoRatio),
      });
    }
    this.started = true;
  }

  private pushEcho(): void {
    if (!this.echo) return;
    const [a0, a1] = this.analyzers as [ChannelAnalyzer, ChannelAnalyzer];
    const n = a0.bandSignalLength;
    this.echo.push(a0.bandSignal.subarray(0, n), a1.bandSignal.subarray(0, n), n);
  }

  private take(last: boolean): SpanChannel[] {
    return this.analyzers.map((a, channel) => {
      const openRun = last ? null : { ...a.openRun };
      const leadingRun = a.leadingRun;
      const finestPeaks = a.peaks.finish();
      const features = a.finish(last);
      features.frames = this.frames;
      return { result: { channel, features, finestPeaks, samplesPerPeak: a.peaks.samplesPerPeak }, leadingRun, openRun };
    });
  }

  finish(): SpanResult {
    if (!this.started) throw new Error(`audio span from frame ${this.bounds.from}: the stream ended before the span began`);
    const last = this.bounds.to === null;
    if (!last && this.taken === null) throw new Error(`audio span from frame ${this.bounds.from}: the stream ended at frame ${this.bounds.from + this.frames}, before the span's end ${this.bounds.to}`);
    const channels = this.taken ?? this.take(true);
    return { from: this.bounds.from, frames: this.frames, channels, echo: this.echo?.finish() ?? null };
  }
}

/** Joins the spans of one recording, in order, into the one-pass result. */
export function joinSpans(spans: SpanResult[], options: ChannelAnalyzerOptions): { results: ChannelResult[]; echo: EchoPairFeatures | null; frames: number } {
  for (let k = 1; k < spans.length; k++) {
    if (spans[k]!.from !== spans[k - 1]!.from + spans[k - 1]!.frames) throw new Error(`audio spans do not meet: one ends at ${spans[k - 1]!.from + spans[k - 1]!.frames}, the next starts at ${spans[k]!.from}`);
  }
  const channels = spans[0]!.channels.length;
  const results: ChannelResult[] = [];
  const starts = spans.map((s) => s.from);
  for (let c = 0; c < channels; c++) results.push(joinChannel(spans.map((s) => s.channels[c]!), starts, options));
  return { results, echo: joinEcho(spans.map((s) => s.echo)), frames: spans.reduce((n, s) => n + s.frames, 0) };
}

function joinChannel(parts: SpanChannel[], starts: number[], options: ChannelAnalyzerOptions): ChannelResult {
  const first = parts[0]!.result;
  const f = parts.map((p) => p.result.features);
  const events: ClipEvent[] = [];
  let clipped = 0;
  let count = 0;
  for (let k = 0; k < parts.length; k++) {
    const feat = f[k]!;
    let own = feat.clipEvents.map((e) => ({ ...e }));
    clipped += feat.clippedSamples;
    count += feat.clipEventCount;
    const open = k > 0 ? parts[k - 1]!.openRun : null;
    if (open && open.samples > 0) {
      // A run of full-scale samples reaching the boundary: joined to the one this span starts with.
      const lead = parts[k]!.leadingRun;
      const joined = lead.sign === open.sign ? lead.samples : 0;
      const total = open.samples + joined;
      if (joined >= options.clipMinRun) {
        // The span counted its part as an event that starts at its first frame: it starts earlier.
        own[0]!.startSample -= open.samples;
        own[0]!.samples += open.samples;
        clipped += open.samples;
      } else if (total >= options.clipMinRun) {
        own = [{ startSample: starts[k]! - open.samples, samples: total }, ...own];
        clipped += total;
        count++;
      }
    }
    for (const e of own) {
      const prev = events[events.length - 1];
      // As ChannelAnalyzer does: runs a few milliseconds apart are one event.
      if (prev && e.startSample - (prev.startSample + prev.samples) < feat.sampleRate * 0.02) {
        prev.samples = e.startSample + e.samples - prev.startSample;
        count--;
      } else if (events.length < options.maxClipEvents) events.push(e);
    }
  }
  // Each joined array is built and the span's parts let go before the next, so the peak of memory is
  // the joined features plus one array's parts, not every array twice over.
  const finestPeaks = concatArrays(parts.map((p) => p.result.finestPeaks), int16s);
  for (const p of parts) p.result.finestPeaks = new Int16Array(0);
  const bandEnergy = f[0]!.bandEnergy.map((_, b) => {
    const joined = concatArrays(f.map((x) => x.bandEnergy[b]!), int16s);
    for (const x of f) x.bandEnergy[b] = new Int16Array(0);
    return joined;
  });
  const speechEnergy = concatArrays(f.map((x) => x.speechEnergy), int16s);
  const levelEnvelope = concatArrays(f.map((x) => x.levelEnvelope), int16s);
  return {
    channel: first.channel,
    samplesPerPeak: first.samplesPerPeak,
    finestPeaks,
    features: {
      sampleRate: f[0]!.sampleRate,
      analysisRate: f[0]!.analysisRate,
      frames: f.reduce((n, x) => n + x.frames, 0),
      sum: f.reduce((n, x) => n + x.sum, 0),
      sumSquares: f.reduce((n, x) => n + x.sumSquares, 0),
      peak: Math.max(...f.map((x) => x.peak)),
      clippedSamples: clipped,
      clipEventCount: count,
      clipEvents: events,
      bandEnergy,
      speechEnergy,
      levelEnvelope,
    },
  };
}

function joinEcho(parts: (EchoPairFeatures | null)[]): EchoPairFeatures | null {
  const present = parts.filter((p): p is EchoPairFeatures => p !== null);
  if (present.length === 0) return null;
  const out = present[0]!;
  for (const p of present.slice(1)) {
    out.windows.push(...p.windows);
    for (const c of [0, 1] as const) {
      for (let i = 0; i < out.phat[c].length; i++) {
        out.phat[c][i] = out.phat[c][i]! + p.phat[c][i]!;
        out.cross[c][i] = out.cross[c][i]! + p.cross[c][i]!;
      }
      out.sourceEnergy[c] += p.sourceEnergy[c];
      out.otherEnergy[c] += p.otherEnergy[c];
      out.windowCount[c] += p.windowCount[c];
    }
  }
  return out;
}
