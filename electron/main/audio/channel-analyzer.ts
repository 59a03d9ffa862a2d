/**
 * Everything measured from one channel's samples as they stream past: level, DC, clipping runs, the
 * min/max peaks, a 10 ms level envelope, and, after resampling to the 8 kHz telephone band, the per-5 ms
 * sub-band energies the speech-activity detector and the noise estimate work from.
 * Nothing here holds audio: memory grows only with the per-frame feature arrays (about 6 KB per second).
 *
 * Speed: this runs on every decoded sample, so each chunk goes through tight loops with their state in
 * locals (no per-sample calls, closures or allocation): the full-rate statistics and peaks, the
 * resampling to the analysis rate (decimator.ts), and the band filters at the analysis rate.
 */
import { BandFeatureStage, SUB_BANDS } from './band-features';
import { Decimator } from './decimator';
import { centiDb, ZeroRuns } from './filter-rest';
import { GrowableInt16 } from './growable';
import { SampleStats } from './sample-stats';
import { PeakTrack } from './peaks';

export { SUB_BANDS };

/** Rate of the speech analysis: telephone bandwidth, whatever the recording's rate. */
export const ANALYSIS_RATE = 8000;
/** Hop of the speech features. */
export const FEATURE_FRAME_MS = 5;
/** Hop of the stored level envelopes. */
export const ENVELOPE_FRAME_MS = 10;
/** Sub-bands of telephone speech: voicing, first formant, second formant, fricatives. */

export interface ClipEvent {
  startSample: number;
  samples: number;
}

export interface ChannelFeatures {
  sampleRate: number;
  /** Rate of the speech-band signal handed to the echo analysis (ANALYSIS_RATE, or lower for low-rate files). */
  analysisRate: number;
  frames: number;
  sum: number;
  sumSquares: number;
  peak: number;
  clippedSamples: number;
  clipEventCount: number;
  /** The first clip events (capped), in samples. */
  clipEvents: ClipEvent[];
  /** Per FEATURE_FRAME_MS: energy of each sub-band, centi-dB. */
  bandEnergy: Int16Array[];
  /** Per FEATURE_FRAME_MS: energy of the whole speech band (200 Hz up), centi-dB. */
  speechEnergy: Int16Array;
  /** Per ENVELOPE_FRAME_MS: full-band energy, centi-dBFS. */
  levelEnvelope: Int16Array;
}

export interface ChannelAnalyzerOptions {
  /** |sample| at or above this counts as full scale (G.711 tops out below 1.0). */
  clipLevel: number;
  /** Consecutive full-scale samples that make a clipping event (single touches of full scale are peaks). */
  clipMinRun: number;
  maxClipEvents: number;
}

/**
 * Where a channel is resampled to the analysis rate: one lane of a decimator, which may be shared with a
 * second channel (channel-set.ts pushes both, then runs it once).
 */
export interface DecimatorLane {
  decimator: Decimator;
  lane: 0 | 1;
}

export class ChannelAnalyzer {
  readonly analysisRate: number;
  /** The finest peaks, built in the same pass as the statistics. */
  peaks: PeakTrack;
  private frames = 0;
  /**
   * The run of full-scale samples that starts a span (see restartAt): its length and sign while it is still
   * the first run, so spans analysed on different threads can join a run that crosses their boundary.
   */
  private leadRun = 0;
  private leadSign = 0;
  private leadOpen = false;
  private sum = 0;
  private sumSquares = 0;
  private peak = 0;
  private clipped = 0;
  private clipEventCount = 0;
  private readonly clipEvents: ClipEvent[] = [];
  private run = 0;
  private runSign = 0;
  /** Resampling to the analysis rate; null at or below it (the samples are the analysis samples). */
  readonly lane: DecimatorLane | null;
  /** Full-rate statistics of each stretch. */
  private readonly kernel: SampleStats;
  /**
   * Digital silence (a channel nobody speaks on is often exactly zero): where the input of each stage is
   * exact zeros and its filters are at rest, the stage's output is zeros without filtering.
   */
  private readonly inputZeros = new ZeroRuns();
  /** Speech-band features: a high-pass, then four band-passes on its output. */
  private bands: BandFeatureStage;
  // Level envelope at the native rate.
  private readonly envelopeLen: number;
  /** Analysis-rate samples per speech-feature frame. */
  private readonly featureLen: number;
  private envelopeN = 0;
  private envelopeAcc = 0;
  private envelopeOut: GrowableInt16;
  /** Speech-band samples at the analysis rate produced by the last push (for the echo analysis). */
  get bandSignal(): Float32Array {
    return this.bands.bandSignal;
  }

  get bandSignalLength(): number {
    return this.bands.bandSignalLength;
  }

  constructor(
    readonly sampleRate: number,
    private readonly options: ChannelAnalyzerOptions,
    maxChunkFrames: number,
    /** How many frames the recording holds, when the container says (sizes the feature arrays); 0 if unknown. */
    expectedFrames = 0,
    /** A lane of a decimator shared with another channel; without one, a decimator of its own when needed. */
    lane?: DecimatorLane,
  ) {
    this.kernel = new SampleStats(maxChunkFrames);
    const ar = Math.min(sampleRate, ANALYSIS_RATE);
    this.analysisRate = ar;
    const featureLen = Math.round((ar * FEATURE_FRAME_MS) / 1000);
    this.featureLen = featureLen;
    this.envelopeLen = Math.max(1, Math.round((sampleRate * ENVELOPE_FRAME_MS) / 1000));
    const features = Math.ceil((expectedFrames * ar) / sampleRate / featureLen);
    this.envelopeOut = new GrowableInt16(Math.ceil(expectedFrames / this.envelopeLen));
    this.bands = new BandFeatureStage(ar, featureLen, Decimator.outCapacity(sampleRate, ANALYSIS_RATE, maxChunkFrames), features);
    this.lane = !Decimator.needsResampling(sampleRate, ANALYSIS_RATE) ? null : (lane ?? { decimator: new Decimator(sampleRate, ANALYSIS_RATE, maxChunkFrames), lane: 0 });
    this.peaks = new PeakTrack(sampleRate, expectedFrames);
  }

  /**
   * `frames` samples of this channel; at most the `maxChunkFrames` given to the constructor. Only for an
   * analyzer with a decimator of its own (a shared one is run by channel-set.ts, between `take` and `filter`).
   */
  push(samples: Float32Array, frames: number): void {
    this.take(samples, frames, true);
    const n = this.lane ? this.lane.decimator.run(frames, [this.inputZeros]) : frames;
    this.filter(n);
  }

  /**
   * First half of a push: the full-rate measures (unless `bandOnly`: after a span's end, only the speech-band
   * signal is still wanted), and the samples handed on to be resampled, or straight to the band filters.
   */
  take(samples: Float32Array, frames: number, measure: boolean): void {
    if (measure) {
      this.statistics(samples, frames);
      this.frames += frames;
    } else this.inputZeros.count = 0;
    if (this.lane) this.lane.decimator.inputs[this.lane.lane].set(frames === samples.length ? samples : samples.subarray(0, frames));
    else {
      const input = this.bands.input;
      for (let i = 0; i < frames; i++) input[i] = samples[i]!;
    }
  }

  /** Stretches of exact zeros in the last chunk taken (of the full-rate samples). */
  get takenZeros(): ZeroRuns {
    return this.inputZeros;
  }

  /** Second half of a push, once the decimator has run (if any): the band filters over its `n` outputs. */
  filter(n: number): void {
    const lane = this.lane;
    if (lane) {
      const out = lane.decimator.outputs[lane.lane];
      this.bands.input.set(out.subarray(0, n));
      this.bands.run(this.bands.input, lane.decimator.outZeros[lane.lane], n);
    } else this.bands.run(this.bands.input, this.inputZeros, n);
  }

  /**
   * Level, DC, peak, the finest min/max peaks, the 10 ms envelope and clipping runs: the chunk is cut where
   * a peak bucket or an envelope frame ends, and each stretch measured by the SIMD kernel (sample-stats.ts).
   * Clipping is looked for sample by sample only in stretches that reach full scale.
   */
  private statistics(x: Float32Array, frames: number): void {
    const clipLevel = this.options.clipLevel;
    const envelopeLen = this.envelopeLen;
    this.inputZeros.count = 0;
    const peaks = this.peaks;
    const spp = peaks.samplesPerPeak;
    const kernel = this.kernel;
    const r = kernel.result;
    kernel.load(x, frames);
    let sum = this.sum;
    let peak = this.peak;
    let envelopeN = this.envelopeN;
    let envelopeAcc = this.envelopeAcc;
    let bucketN = peaks.inBucket;
    let lo = peaks.min;
    let hi = peaks.max;
    let i = 0;
    while (i < frames) {
      const n = Math.min(frames - i, spp - bucketN, envelopeLen - envelopeN);
      const start = i;
      i += n;
      kernel.measure(start, n);
      const l = r[0]!;
      const h = r[1]!;
      sum += r[2]!;
      envelopeAcc += r[3]!;
      if (h > peak) peak = h;
      if (-l > peak) peak = -l;
      if (l === 0 && h === 0) this.inputZeros.add(start, i);
      if (l < lo) lo = l;
      if (h > hi) hi = h;
      // A clipping run starts, continues or ends in this stretch: rare, handled out of line.
      if (h >= clipLevel || -l >= clipLevel || this.run !== 0) this.clipStretch(x, start, i);
      else this.leadOpen = false;
      envelopeN += n;
      if (envelopeN === envelopeLen) {
        this.sumSquares += envelopeAcc;
        this.envelopeOut.push(centiDb(envelopeAcc / envelopeN));
        envelopeN = 0;
        envelopeAcc = 0;
      }
      bucketN += n;
      if (bucketN === spp) {
        peaks.close(lo, hi);
        lo = Infinity;
        hi = -Infinity;
        bucketN = 0;
      }
    }
    this.sum = sum;
    this.peak = peak;
    this.envelopeN = envelopeN;
    this.envelopeAcc = envelopeAcc;
    peaks.inBucket = bucketN;
    peaks.min = lo;
    peaks.max = hi;
  }

  /** Samples [start, end) of this push, while a run of full-scale samples may start, go on or end. */
  private clipStretch(x: Float32Array, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i]!;
      this.clipSample(v, v < 0 ? -v : v, this.frames + i);
    }
  }

  /** One sample while a run of full-scale samples may be open (sample index `at` in the recording). */
  private clipSample(v: number, a: number, at: number): void {
    const sign = a >= this.options.clipLevel ? (v > 0 ? 1 : -1) : 0;
    if (this.leadOpen) {
      if (sign !== 0 && (this.leadRun === 0 || sign === this.leadSign)) {
        this.leadRun++;
        this.leadSign = sign;
      } else this.leadOpen = false;
    }
    if (sign !== 0 && sign === this.runSign) this.run++;
    else {
      if (this.run >= this.options.clipMinRun) this.clipEvent(at - this.run, this.run);
      this.run = sign === 0 ? 0 : 1;
      this.runSign = sign;
    }
  }

  /**
   * Starts a span at recording frame `at` after a warm-up: the samples pushed so far only brought the filters
   * into the state they would have had at `at` in one pass over the whole recording; everything measured
   * from them is dropped. `at` must fall where peak buckets, envelope and feature frames and the decimator
   * all start afresh (span-analysis.ts works out such a grid). `expectedFrames`: the span's length when
   * known (sizes the outputs), else 0.
   */
  restartAt(at: number, expectedFrames: number): void {
    this.frames = at;
    this.sum = 0;
    this.sumSquares = 0;
    this.peak = 0;
    this.clipped = 0;
    this.clipEventCount = 0;
    this.clipEvents.length = 0;
    this.run = 0;
    this.runSign = 0;
    this.leadRun = 0;
    this.leadSign = 0;
    this.leadOpen = true;
    this.envelopeOut = new GrowableInt16(Math.ceil(expectedFrames / this.envelopeLen));
    this.peaks = new PeakTrack(this.sampleRate, expectedFrames);
    this.bands.restartOutputs(Math.ceil((expectedFrames * this.analysisRate) / this.sampleRate / this.featureLen));
  }

  /** The run of full-scale samples the span started with (length 0 if it did not start clipped). */
  get leadingRun(): { samples: number; sign: number } {
    return { samples: this.leadRun, sign: this.leadSign };
  }

  /** The run of full-scale samples still open at the end of the last push. */
  get openRun(): { samples: number; sign: number } {
    return { samples: this.run, sign: this.runSign };
  }

  private clipEvent(startSample: number, samples: number): void {
    this.clipped += samples;
    this.clipEventCount++;
    const last = this.clipEvents[this.clipEvents.length - 1];
    // Runs a few milliseconds apart are one event (one overdriven syllable), not dozens.
    if (last && startSample - (last.startSample + last.samples) < this.sampleRate * 0.02) {
      last.samples = startSample + samples - last.startSample;
      this.clipEventCount--;
    } else if (this.clipEvents.length < this.options.maxClipEvents) {
      this.clipEvents.push({ startSample, samples });
    }
  }

  /**
   * The features so far. `closeRun`: a run of full-scale samples open at the end counts as a clipping
   * event; a span that another continues leaves it open (openRun) for the join.
   */
  finish(closeRun = true): ChannelFeatures {
    if (closeRun) {
      if (this.run >= this.options.clipMinRun) this.clipEvent(this.frames - this.run, this.run);
      this.run = 0;
    }
    if (this.envelopeN > 0) {
      this.sumSquares += this.envelopeAcc;
      this.envelopeOut.push(centiDb(this.envelopeAcc / this.envelopeN));
      this.envelopeN = 0;
      this.envelopeAcc = 0;
    }
    return {
      sampleRate: this.sampleRate,
      analysisRate: this.analysisRate,
      frames: this.frames,
      sum: this.sum,
      sumSquares: this.sumSquares,
      peak: this.peak,
      clippedSamples: this.clipped,
      clipEventCount: this.clipEventCount,
      clipEvents: this.clipEvents.map((e) => ({ ...e })),
      ...this.bands.finish(),
      levelEnvelope: this.envelopeOut.toArray(),
    };
  }
}
