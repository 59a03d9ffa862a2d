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
  /** The high-pass's last two inputs and outputs, the band-passes' last two inputs, then each band's last two outputs. */
  private readonly filterState = new Float64Array(6 + 2 * SUB_BANDS.length);
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
   * high-pass in one loop, then the four band-passes together on its output.
   *
   * The filters are written in direct form I with the last output's feedback term added last: each output
   * waits on one multiply and one subtraction after the one before it, and the four band-passes' chains
   * are independent, so the processor overlaps them (this stage was bound by those waits, not by arithmetic).
   */
  run(decimated: Float64Array, decimatedZeros: ZeroRuns, n: number): void {
    const featureN = this.featureN;
    this.highPass(decimated, decimatedZeros, n, featureN);
    this.bandPasses(n, featureN);
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
    let x1 = st[0]!;
    let x2 = st[1]!;
    let y1 = st[2]!;
    let y2 = st[3]!;
    let acc = this.speechAcc;
    let i = 0;
    let r = 0;
    while (i < n) {
      let end = Math.min(n, i + featureLen - featureN);
      while (r < zeros.count && zeros.ends[r]! <= i) r++;
      if (r < zeros.count && zeros.starts[r]! <= i && x1 === 0 && x2 === 0 && Math.abs(y1) < AT_REST && Math.abs(y2) < AT_REST) {
        // Zeros in, filter at rest: zeros out.
        y1 = y2 = 0;
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
          const s = b0 * xi + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
          x2 = x1;
          x1 = xi;
          y2 = y1;
          y1 = s;
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
    st[0] = x1;
    st[1] = x2;
    st[2] = y1;
    st[3] = y2;
    this.speechAcc = acc;
  }

  /** The four band-passes over the high-passed signal, in one loop (b1 = 0 in a band-pass). */
  private bandPasses(n: number, featureN: number): void {
    const x = this.highPassed;
    const st = this.filterState;
    const [p, q, u, v] = this.bandCoefficients as [BiquadCoefficients, BiquadCoefficients, BiquadCoefficients, BiquadCoefficients];
    const { b0: pb0, b2: pb2, a1: pa1, a2: pa2 } = p;
    const { b0: qb0, b2: qb2, a1: qa1, a2: qa2 } = q;
    const { b0: ub0, b2: ub2, a1: ua1, a2: ua2 } = u;
    const { b0: vb0, b2: vb2, a1: va1, a2: va2 } = v;
    const featureLen = this.featureLen;
    // Input history (the high-passed signal), then each band's last two outputs.
    let s1 = st[4]!;
    let s2 = st[5]!;
    let p1 = st[6]!;
    let p2 = st[7]!;
    let q1 = st[8]!;
    let q2 = st[9]!;
    let u1 = st[10]!;
    let u2 = st[11]!;
    let v1 = st[12]!;
    let v2 = st[13]!;
    const bandAcc = this.bandAcc;
    let ep = bandAcc[0]!;
    let eq = bandAcc[1]!;
    let eu = bandAcc[2]!;
    let ev = bandAcc[3]!;
    const [outP, outQ, outU, outV] = this.bandOut as [GrowableInt16, GrowableInt16, GrowableInt16, GrowableInt16];
    const zeros = this.highPassedZeros;
    let i = 0;
    let r = 0;
    while (i < n) {
      let end = Math.min(n, i + featureLen - featureN);
      while (r < zeros.count && zeros.ends[r]! <= i) r++;
      if (r < zeros.count && zeros.starts[r]! <= i && s1 === 0 && s2 === 0 && Math.abs(p1) < AT_REST && Math.abs(p2) < AT_REST && Math.abs(q1) < AT_REST && Math.abs(q2) < AT_REST && Math.abs(u1) < AT_REST && Math.abs(u2) < AT_REST && Math.abs(v1) < AT_REST && Math.abs(v2) < AT_REST) {
        // Zeros in, filters at rest: nothing to add to the energies.
        p1 = p2 = q1 = q2 = u1 = u2 = v1 = v2 = 0;
        end = Math.min(end, zeros.ends[r]!);
        featureN += end - i;
        i = end;
      } else {
        // Up to the next stretch of zeros, to look there whether the filters have come to rest.
        if (r < zeros.count && zeros.starts[r]! > i) end = Math.min(end, zeros.starts[r]!);
        featureN += end - i;
        for (; i < end; i++) {
          const s = x[i]!;
          const yp = pb0 * s + pb2 * s2 - pa2 * p2 - pa1 * p1;
          const yq = qb0 * s + qb2 * s2 - qa2 * q2 - qa1 * q1;
          const yu = ub0 * s + ub2 * s2 - ua2 * u2 - ua1 * u1;
          const yv = vb0 * s + vb2 * s2 - va2 * v2 - va1 * v1;
          s2 = s1;
          s1 = s;
          p2 = p1;
          p1 = yp;
          q2 = q1;
          q1 = yq;
          u2 = u1;
          u1 = yu;
          v2 = v1;
          v1 = yv;
          ep += yp * yp;
          eq += yq * yq;
          eu += yu * yu;
          ev += yv * yv;
        }
      }
      if (featureN === featureLen) {
        outP.push(centiDb(ep / featureN));
        outQ.push(centiDb(eq / featureN));
        outU.push(centiDb(eu / featureN));
        outV.push(centiDb(ev / featureN));
        ep = eq = eu = ev = 0;
        featureN = 0;
      }
    }
    st[4] = s1;
    st[5] = s2;
    st[6] = p1;
    st[7] = p2;
    st[8] = q1;
    st[9] = q2;
    st[10] = u1;
    st[11] = u2;
    st[12] = v1;
    st[13] = v2;
    bandAcc[0] = ep;
    bandAcc[1] = eq;
    bandAcc[2] = eu;
    bandAcc[3] = ev;
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
