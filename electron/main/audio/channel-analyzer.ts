/**
 * Everything measured from one channel's samples as they stream past, in one loop per decoded chunk:
 * level, DC, clipping runs, a 10 ms level envelope, and, after resampling to the 8 kHz telephone band,
 * the per-5 ms sub-band energies the speech-activity detector and the noise estimate work from.
 * Nothing here holds audio: memory grows only with the per-frame feature arrays (about 6 KB per second).
 */
import { Biquad, designBand, designBiquad, type BiquadCoefficients } from './biquad';
import { GrowableInt16, powerToDb, toCentiDb } from './growable';

/** Rate of the speech analysis: telephone bandwidth, whatever the recording's rate. */
export const ANALYSIS_RATE = 8000;
/** Hop of the speech features. */
export const FEATURE_FRAME_MS = 5;
/** Hop of the stored level envelopes. */
export const ENVELOPE_FRAME_MS = 10;
/** Sub-bands of telephone speech: voicing, first formant, second formant, fricatives. */
export const SUB_BANDS: readonly [number, number][] = [[250, 500], [500, 1000], [1000, 2000], [2000, 3500]];

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

export class ChannelAnalyzer {
  readonly analysisRate: number;
  private frames = 0;
  private sum = 0;
  private sumSquares = 0;
  private peak = 0;
  private clipped = 0;
  private clipEventCount = 0;
  private readonly clipEvents: ClipEvent[] = [];
  private run = 0;
  private runSign = 0;
  // Resampling to the analysis rate: two low-pass sections, then an averaging decimator.
  private readonly antiAliasCoefficients: BiquadCoefficients | null;
  private antiAliasState: [number, number, number, number] = [0, 0, 0, 0];
  private readonly step: number;
  private phase = 0;
  private acc = 0;
  private accN = 0;
  // Speech-band features.
  private readonly highPass: Biquad;
  private readonly bands: Biquad[];
  private readonly featureLen: number;
  private featureN = 0;
  private readonly bandAcc: Float64Array;
  private speechAcc = 0;
  private readonly bandOut: GrowableInt16[];
  private readonly speechOut = new GrowableInt16();
  // Level envelope at the native rate.
  private readonly envelopeLen: number;
  private envelopeN = 0;
  private envelopeAcc = 0;
  private readonly envelopeOut = new GrowableInt16();
  /** Speech-band samples at the analysis rate produced by the last push (for the echo analysis). */
  readonly bandSignal: Float32Array;
  bandSignalLength = 0;

  constructor(
    readonly sampleRate: number,
    private readonly options: ChannelAnalyzerOptions,
    maxChunkFrames: number,
  ) {
    this.analysisRate = Math.min(sampleRate, ANALYSIS_RATE);
    const ar = this.analysisRate;
    this.antiAliasCoefficients = sampleRate > ar ? designBiquad('lowpass', sampleRate, 0.45 * ar) : null;
    this.step = ar;
    this.highPass = new Biquad(designBiquad('highpass', ar, 200));
    this.bands = SUB_BANDS.map(([lo, hi]) => new Biquad(designBand(ar, lo, Math.min(hi, 0.45 * ar))));
    this.bandAcc = new Float64Array(SUB_BANDS.length);
    this.bandOut = SUB_BANDS.map(() => new GrowableInt16());
    this.featureLen = Math.round((ar * FEATURE_FRAME_MS) / 1000);
    this.envelopeLen = Math.max(1, Math.round((sampleRate * ENVELOPE_FRAME_MS) / 1000));
    this.bandSignal = new Float32Array(Math.ceil((maxChunkFrames * ar) / sampleRate) + 2);
  }

  push(samples: Float32Array, frames: number): void {
    const { clipLevel, clipMinRun } = this.options;
    const sr = this.sampleRate;
    // The anti-alias sections, written out inline: this loop runs once per sample at the native rate.
    const lp = this.antiAliasCoefficients;
    const filtered = lp !== null;
    const { b0, b1, b2, a1, a2 } = lp ?? { b0: 1, b1: 0, b2: 0, a1: 0, a2: 0 };
    let [p1, p2, q1, q2] = this.antiAliasState;
    let { sum, sumSquares, peak, run, runSign, phase, acc, accN, envelopeN, envelopeAcc } = this;
    this.bandSignalLength = 0;
    for (let i = 0; i < frames; i++) {
      const v = samples[i]!;
      sum += v;
      const sq = v * v;
      sumSquares += sq;
      envelopeAcc += sq;
      if (++envelopeN === this.envelopeLen) {
        this.envelopeOut.push(toCentiDb(powerToDb(envelopeAcc / envelopeN)));
        envelopeN = 0;
        envelopeAcc = 0;
      }
      const a = v < 0 ? -v : v;
      if (a > peak) peak = a;
      const sign = a >= clipLevel ? (v > 0 ? 1 : -1) : 0;
      if (sign !== 0 && sign === runSign) run++;
      else {
        if (run >= clipMinRun) this.clipEvent(this.frames + i - run, run);
        run = sign === 0 ? 0 : 1;
        runSign = sign;
      }
      // Resample to the analysis rate: two low-pass sections (transposed direct form II), then averaging.
      let x = v;
      if (filtered) {
        const y1 = b0 * x + p1;
        p1 = b1 * x - a1 * y1 + p2;
        p2 = b2 * x - a2 * y1;
        const y2 = b0 * y1 + q1;
        q1 = b1 * y1 - a1 * y2 + q2;
        q2 = b2 * y1 - a2 * y2;
        x = y2;
      }
      acc += x;
      accN++;
      phase += this.step;
      if (phase >= sr) {
        phase -= sr;
        this.analysisSample(acc / accN);
        acc = 0;
        accN = 0;
      }
    }
    Object.assign(this, { sum, sumSquares, peak, run, runSign, phase, acc, accN, envelopeN, envelopeAcc });
    this.antiAliasState = [p1, p2, q1, q2];
    this.frames += frames;
  }

  private analysisSample(x: number): void {
    const s = this.highPass.step(x);
    this.bandSignal[this.bandSignalLength++] = s;
    this.speechAcc += s * s;
    for (let b = 0; b < this.bands.length; b++) {
      const y = this.bands[b]!.step(s);
      this.bandAcc[b] = this.bandAcc[b]! + y * y;
    }
    if (++this.featureN === this.featureLen) {
      const n = this.featureN;
      this.speechOut.push(toCentiDb(powerToDb(this.speechAcc / n)));
      for (let b = 0; b < this.bands.length; b++) {
        this.bandOut[b]!.push(toCentiDb(powerToDb(this.bandAcc[b]! / n)));
        this.bandAcc[b] = 0;
      }
      this.speechAcc = 0;
      this.featureN = 0;
    }
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

  finish(): ChannelFeatures {
    if (this.run >= this.options.clipMinRun) this.clipEvent(this.frames - this.run, this.run);
    this.run = 0;
    if (this.envelopeN > 0) this.envelopeOut.push(toCentiDb(powerToDb(this.envelopeAcc / this.envelopeN)));
    return {
      sampleRate: this.sampleRate,
      analysisRate: this.analysisRate,
      frames: this.frames,
      sum: this.sum,
      sumSquares: this.sumSquares,
      peak: this.peak,
      clippedSamples: this.clipped,
      clipEventCount: this.clipEventCount,
      clipEvents: this.clipEvents,
      bandEnergy: this.bandOut.map((b) => b.toArray()),
      speechEnergy: this.speechOut.toArray(),
      levelEnvelope: this.envelopeOut.toArray(),
    };
  }
}
