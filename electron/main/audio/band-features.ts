import { designBand, designBiquad, type BiquadCoefficients } from './biquad';
import { AT_REST, centiDb, ZeroRuns } from './filter-rest';
import { GrowableInt16 } from './growable';

/** Sub-bands of the speech features (Hz), at the analysis rate. */
export const SUB_BANDS: readonly [number, number][] = [[250, 500], [500, 1000], [1000, 2000], [2000, 3500]];

/**
 * The speech-band stage of a channel's analysis, at the analysis rate: a 200 Hz high-pass (its output is
 * also the band signal the echo analysis correlates), four sub-band band-passes on that, and per-frame
 * energies in centi-dB for the speech-activity detector and the noise estimate. Fed the decimator's output
 * chunk by chunk; where the input is exact zeros and the filters are at rest it skips the filtering.
 */
export class BandFeatureStage {
  private readonly hp: BiquadCoefficients;
  private readonly bandCoefficients: BiquadCoefficients[];
  /** z1, z2 of the high-pass, then of each band. */
  private readonly filterState = new Float64Array(2 + 2 * SUB_BANDS.length);
  private featureN = 0;
  private readonly bandAcc = new Float64Array(SUB_BANDS.length);
  private speechAcc = 0;
  private bandOut: GrowableInt16[];
  private speechOut: GrowableInt16;
  /** The high-pass's output over one chunk, which the band-passes then read. */
  private readonly highPassed: Float64Array;
  private readonly highPassedZeros = new ZeroRuns();
  /** Speech-band samples at the analysis rate produced by the last chunk (for the echo analysis). */
  readonly bandSignal: Float32Array;
  bandSignalLength = 0;

  constructor(
    analysisRate: number,
    /** Analysis-rate samples per feature frame. */
    private readonly featureLen: number,
    /** Largest chunk `run` is given. */
    maxChunk: number,
    /** Feature frames expected in all (sizes the outputs); 0 if unknown. */
    expectedFeatures: number,
  ) {
    this.hp = designBiquad('highpass', analysisRate, 200);
    this.bandCoefficients = SUB_BANDS.map(([lo, hi]) => designBand(analysisRate, lo, Math.min(hi, 0.45 * analysisRate)));
    this.bandOut = SUB_BANDS.map(() => new GrowableInt16(expectedFeatures));
    this.speechOut = new GrowableInt16(expectedFeatures);
    this.highPassed = new Float64Array(maxChunk);
    this.bandSignal = new Float32Array(maxChunk);
  }

  /**
   * High-pass, the sub-band filters and the per-5 ms energies, over `n` analysis-rate samples: the
   * high-pass in one loop, then the band-passes two at a time on its output (five filters in one loop
   * need more registers than the machine has).
   */
  run(decimated: Float64Array, decimatedZeros: ZeroRuns, n: number): void {
    const featureN = this.featureN;
    this.highPass(decimated, decimatedZeros, n, featureN);
    this.bandPair(n, featureN, 0);
    this.bandPair(n, featureN, 2);
    this.featureN = (featureN + n) % this.featureLen;
    this.bandSignalLength = n;
  }

  private highPass(x: Float64Array, zeros: ZeroRuns, n: number, featureN: number): void {
    const y = this.highPassed;
    const sig = this.bandSignal;
    const st = this.filterState;
    const outZeros = this.highPassedZeros;
    outZeros.count = 0;
    const { b0, b1, b2, a1, a2 } = this.hp;
    const featureLen = this.featureLen;
    let z1 = st[0]!;
    let z2 = st[1]!;
    let acc = this.speechAcc;
    let i = 0;
    let r = 0;
    while (i < n) {
      let end = Math.min(n, i + featureLen - featureN);
      while (r < zeros.count && zeros.ends[r]! <= i) r++;
      if (r < zeros.count && zeros.starts[r]! <= i && Math.abs(z1) < AT_REST && Math.abs(z2) < AT_REST) {
        // Zeros in, filter at rest: zeros out.
        z1 = z2 = 0;
        end = Math.min(end, zeros.ends[r]!);
        y.fill(0, i, end);
        sig.fill(0, i, end);
        outZeros.add(i, end);
        featureN += end - i;
        i = end;
      } else {
        // Up to the next stretch of zeros, to look there whether the filter has come to rest.
        if (r < zeros.count && zeros.starts[r]! > i) end = Math.min(end, zeros.starts[r]!);
        featureN += end - i;
        for (; i < end; i++) {
          const xi = x[i]!;
          // Biquad.step, written out: y = b0·x + z1; z1 = b1·x + z2 − a1·y; z2 = b2·x − a2·y, the feedback
          // term added last so each sample waits on one multiply-add, not two.
          const s = b0 * xi + z1;
          z1 = b1 * xi + z2 - a1 * s;
          z2 = b2 * xi - a2 * s;
          y[i] = s;
          sig[i] = s;
          acc += s * s;
        }
      }
      if (featureN === featureLen) {
        this.speechOut.push(centiDb(acc / featureN));
        acc = 0;
        featureN = 0;
      }
    }
    st[0] = z1;
    st[1] = z2;
    this.speechAcc = acc;
  }

  /** Band-passes `band` and `band + 1` over the high-passed signal (b1 = 0 in a band-pass). */
  private bandPair(n: number, featureN: number, band: number): void {
    const x = this.highPassed;
    const st = this.filterState;
    const { b0: pb0, b2: pb2, a1: pa1, a2: pa2 } = this.bandCoefficients[band]!;
    const { b0: qb0, b2: qb2, a1: qa1, a2: qa2 } = this.bandCoefficients[band + 1]!;
    const featureLen = this.featureLen;
    const o = 2 + 2 * band;
    let p1 = st[o]!;
    let p2 = st[o + 1]!;
    let q1 = st[o + 2]!;
    let q2 = st[o + 3]!;
    const bandAcc = this.bandAcc;
    let ep = bandAcc[band]!;
    let eq = bandAcc[band + 1]!;
    const outP = this.bandOut[band]!;
    const outQ = this.bandOut[band + 1]!;
    const zeros = this.highPassedZeros;
    let i = 0;
    let r = 0;
    while (i < n) {
      let end = Math.min(n, i + featureLen - featureN);
      while (r < zeros.count && zeros.ends[r]! <= i) r++;
      if (r < zeros.count && zeros.starts[r]! <= i && Math.abs(p1) < AT_REST && Math.abs(p2) < AT_REST && Math.abs(q1) < AT_REST && Math.abs(q2) < AT_REST) {
        // Zeros in, filters at rest: nothing to add to the energies.
        p1 = p2 = q1 = q2 = 0;
        end = Math.min(end, zeros.ends[r]!);
        featureN += end - i;
        i = end;
      } else {
        // Up to the next stretch of zeros, to look there whether the filter has come to rest.
        if (r < zeros.count && zeros.starts[r]! > i) end = Math.min(end, zeros.starts[r]!);
        featureN += end - i;
        for (; i < end; i++) {
          const s = x[i]!;
          const yp = pb0 * s + p1;
          p1 = p2 - pa1 * yp;
          p2 = pb2 * s - pa2 * yp;
          ep += yp * yp;
          const yq = qb0 * s + q1;
          q1 = q2 - qa1 * yq;
          q2 = qb2 * s - qa2 * yq;
          eq += yq * yq;
        }
      }
      if (featureN === featureLen) {
        outP.push(centiDb(ep / featureN));
        outQ.push(centiDb(eq / featureN));
        ep = 0;
        eq = 0;
        featureN = 0;
      }
    }
    st[o] = p1;
    st[o + 1] = p2;
    st[o + 2] = q1;
    st[o + 3] = q2;
    bandAcc[band] = ep;
    bandAcc[band + 1] = eq;
  }

  /** Drops the energies so far (a warm-up's), keeping the filters' state; called on a frame boundary. */
  restartOutputs(expectedFeatures: number): void {
    this.bandOut = SUB_BANDS.map(() => new GrowableInt16(expectedFeatures));
    this.speechOut = new GrowableInt16(expectedFeatures);
  }

  /** Per-frame energies in centi-dB: one array per sub-band, and the whole speech band. */
  finish(): { bandEnergy: Int16Array[]; speechEnergy: Int16Array } {
    return { bandEnergy: this.bandOut.map((b) => b.toArray()), speechEnergy: this.speechOut.toArray() };
  }
}
