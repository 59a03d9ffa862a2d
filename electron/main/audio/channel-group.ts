/**
 * The per-channel analyzers (and the echo analysis between channels 0 and 1) for some or all of a
 * recording's channels. On one thread a single group holds every channel; when the analysis is split over
 * two threads (parallel-analysis.ts) each holds its share, and the band signals the echo analysis needs
 * from channels analysed on the other thread arrive with the samples.
 */
import type { ChannelAnalyzer, ChannelAnalyzerOptions, ChannelFeatures } from './channel-analyzer';
import { ChannelSet } from './channel-set';
import { EchoAnalyzer, type EchoPairFeatures } from './echo-analyzer';

/** Frames handed to the analyzers at a time, so their per-push scratch stays small. */
export const STEP_FRAMES = 1 << 13;

export interface GroupSetup {
  sampleRate: number;
  channels: number;
  channel: ChannelAnalyzerOptions;
  /** Channels analysed by this group. */
  mine: number[];
  /** Echo between channels 0 and 1 is measured by this group. */
  echo: { maxLagMs: number; sourceMinDbfs: number } | null;
  /** The recording's length in frames when the container says, else 0 (sizes the feature arrays). */
  expectedFrames: number;
}

export interface ChannelResult {
  channel: number;
  features: ChannelFeatures;
  /** Finest min/max pairs and the samples each covers (peaks.ts makes the coarser levels). */
  finestPeaks: Int16Array;
  samplesPerPeak: number;
}

/** Band signals (analysis rate) of channels analysed elsewhere, queued until the echo analysis takes them. */
class BandQueue {
  private parts: Float32Array[] = [];
  private at = 0;
  private out: Float32Array;
  length = 0;

  constructor(maxTake: number) {
    this.out = new Float32Array(maxTake);
  }

  add(x: Float32Array): void {
    if (x.length === 0) return;
    this.parts.push(x);
    this.length += x.length;
  }

  /** The next `n` samples (a view valid until the next call). */
  take(n: number): Float32Array {
    if (n > this.length) throw new Error(`echo analysis: ${n} band samples wanted, ${this.length} queued`);
    if (n > this.out.length) this.out = new Float32Array(n);
    let o = 0;
    while (o < n) {
      const p = this.parts[0]!;
      const k = Math.min(n - o, p.length - this.at);
      this.out.set(p.subarray(this.at, this.at + k), o);
      o += k;
      this.at += k;
      if (this.at === p.length) {
        this.parts.shift();
        this.at = 0;
      }
    }
    this.length -= n;
    return this.out.subarray(0, n);
  }
}

export class ChannelGroup {
  /** Indexed by channel; null for channels analysed elsewhere. */
  readonly analyzers: (ChannelAnalyzer | null)[];
  /** My channels' analyzers, pushed together. */
  private readonly set: ChannelSet;
  private readonly echo: EchoAnalyzer | null = null;
  /** For channels 0 and 1 when analysed elsewhere: their band signals, as they arrive. */
  private readonly external: [BandQueue | null, BandQueue | null] = [null, null];
  /** Band signal of each of my channels over the last push, when another thread needs it. */
  private collect: (Float32Array | null)[];
  private collected = 0;
  /** My channels, in the order of the set's analyzers. */
  private readonly mineOrdered: number[];
  readonly analysisRate: number;

  constructor(
    readonly setup: GroupSetup,
    /** Collect the band signals of these channels of mine for the other thread's echo analysis. */
    exportBands: number[] = [],
  ) {
    const { sampleRate, channels, mine } = setup;
    const ordered = Array.from({ length: channels }, (_, c) => c).filter((c) => mine.includes(c));
    this.set = new ChannelSet(ordered.length, sampleRate, setup.channel, STEP_FRAMES, setup.expectedFrames);
    this.analyzers = Array.from({ length: channels }, (_, c) => (mine.includes(c) ? this.set.analyzers[ordered.indexOf(c)]! : null));
    this.mineOrdered = ordered;
    this.analysisRate = Math.min(sampleRate, 8000);
    const maxBand = Math.ceil((STEP_FRAMES * this.analysisRate) / sampleRate) + 2;
    if (setup.echo && channels >= 2) {
      this.echo = new EchoAnalyzer(this.analysisRate, setup.echo.maxLagMs, setup.echo.sourceMinDbfs);
      for (const c of [0, 1] as const) if (!this.analyzers[c]) this.external[c] = new BandQueue(maxBand);
    }
    this.collect = Array.from({ length: channels }, (_, c) => (exportBands.includes(c) ? new Float32Array(maxBand) : null));
  }

  /** Band signals of channels 0/1 analysed on the other thread, covering the frames of the next push. */
  addExternalBands(bands: (Float32Array | null)[]): void {
    for (const c of [0, 1] as const) {
      const b = bands[c];
      if (b && this.external[c]) this.external[c].add(b);
    }
  }

  /** `frames` frames; `data[c]` for each of my channels (other entries ignored). */
  push(data: readonly (Float32Array | null | undefined)[], frames: number): void {
    this.collected = 0;
    const need = Math.ceil((frames * this.analysisRate) / this.setup.sampleRate) + 2;
    for (let c = 0; c < this.collect.length; c++) {
      if (this.collect[c] && this.collect[c]!.length < need) this.collect[c] = new Float32Array(need);
    }
    for (let from = 0; from < frames; from += STEP_FRAMES) {
      const n = Math.min(STEP_FRAMES, frames - from);
      let bandLength = 0;
      this.set.push((k) => {
        const x = data[this.mineOrdered[k]!]!;
        return from === 0 && n === x.length ? x : x.subarray(from, from + n);
      }, n);
      for (let c = 0; c < this.analyzers.length; c++) {
        const a = this.analyzers[c];
        if (!a) continue;
        bandLength = a.bandSignalLength;
        this.collect[c]?.set(a.bandSignal.subarray(0, bandLength), this.collected);
      }
      this.collected += bandLength;
      if (this.echo && (this.analyzers[0] || this.analyzers[1])) {
        // Every channel's decimator is in the same phase, so all produce the same number of band samples.
        const a0 = this.analyzers[0];
        const a1 = this.analyzers[1];
        const b0 = a0 ? a0.bandSignal.subarray(0, bandLength) : this.external[0]!.take(bandLength);
        const b1 = a1 ? a1.bandSignal.subarray(0, bandLength) : this.external[1]!.take(bandLength);
        this.echo.push(b0, b1, bandLength);
      }
    }
    if (this.echo && !this.analyzers[0] && !this.analyzers[1]) {
      // Both channels analysed on the other thread: whatever has arrived of both.
      const [q0, q1] = this.external as [BandQueue, BandQueue];
      const n = Math.min(q0.length, q1.length);
      this.echo.push(q0.take(n), q1.take(n), n);
    }
  }

  /** Band signal of my channel `c` over the last push (for the other thread), a copy. */
  exportedBand(c: number): Float32Array {
    return this.collect[c]!.slice(0, this.collected);
  }

  finishChannels(): ChannelResult[] {
    const out: ChannelResult[] = [];
    this.analyzers.forEach((a, channel) => {
      if (!a) return;
      const finestPeaks = a.peaks.finish();
      out.push({ channel, features: a.finish(), finestPeaks, samplesPerPeak: a.peaks.samplesPerPeak });
    });
    return out;
  }

  finishEcho(): EchoPairFeatures | null {
    return this.echo?.finish() ?? null;
  }
}
