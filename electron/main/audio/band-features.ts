import { designBand, designBiquad } from './biquad';
import { WASM_BASE64 } from './kernels/speech-bands-wasm';
import { instantiateKernel } from './wasm-kernel';
import { AT_REST, centiDb, ZeroRuns } from './filter-rest';
import { GrowableInt16 } from './growable';

/** Sub-bands of the speech features (Hz), at the analysis rate. */
export const SUB_BANDS: readonly [number, number][] = [[250, 500], [500, 1000], [1000, 2000], [2000, 3500]];

/** Byte offsets in the kernel's memory (kernels/speech-bands.wat says what each holds). */
const HP_STATE = 176;
const BAND_STATE = 208;
const ENERGIES = 288;
const INPUT_AT = 512;

/**
 * The speech-band stage of a channel's analysis, at the analysis rate: a 200 Hz high-pass (its output is
 * also the band signal the echo analysis correlates), four sub-band band-passes on that, and per-frame
 * energies in centi-dB for the speech-activity detector and the noise estimate. Fed the decimator's output
 * chunk by chunk. The filters run in a WebAssembly SIMD kernel (kernels/speech-bands.wat), frame by frame;
 * where the input is exact zeros and the filters are at rest this skips them.
 */
export class BandFeatureStage {
  /** The kernel: filters samples [from, from + n) of its input, writing the high-passed signal at outAt. */
  private readonly filter: (from: number, n: number, outAt: number) => void;
  /** The kernel's state and energies (f64 view of its memory). */
  private readonly mem: Float64Array;
  /** The kernel's input: a producer that writes each chunk here (the decimator) saves `run` a copy. */
  readonly input: Float64Array;
  private readonly outAt: number;
  private featureN = 0;
  private bandOut: GrowableInt16[];
  private speechOut: GrowableInt16;
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
    this.outAt = INPUT_AT + 8 * maxChunk;
    const { exports, buffer } = instantiateKernel(WASM_BASE64, this.outAt + 4 * maxChunk);
    this.filter = exports.run as (from: number, n: number, outAt: number) => void;
    this.mem = new Float64Array(buffer, 0, INPUT_AT / 8);
    this.input = new Float64Array(buffer, INPUT_AT, maxChunk);
    this.bandSignal = new Float32Array(buffer, this.outAt, maxChunk);
    const hp = designBiquad('highpass', analysisRate, 200);
    const bands = SUB_BANDS.map(([lo, hi]) => designBand(analysisRate, lo, Math.min(hi, 0.45 * analysisRate)));
    this.mem.set([hp.b0, hp.b1, hp.b2, hp.a1, hp.a2], 0);
    // Bands two to a vector: each coefficient of bands 0 and 1 side by side, then of bands 2 and 3.
    for (const [pair, at] of [[0, 6], [2, 14]] as const) {
      const [p, q] = [bands[pair]!, bands[pair + 1]!];
      this.mem.set([p.b0, q.b0, p.b2, q.b2, p.a1, q.a1, p.a2, q.a2], at);
    }
    this.bandOut = SUB_BANDS.map(() => new GrowableInt16(expectedFeatures));
    this.speechOut = new GrowableInt16(expectedFeatures);
  }

  /** High-pass, the sub-band filters and the per-5 ms energies over `n` analysis-rate samples. */
  run(decimated: Float64Array, zeros: ZeroRuns, n: number): void {
    if (decimated !== this.input) this.input.set(n === decimated.length ? decimated : decimated.subarray(0, n));
    const mem = this.mem;
    const featureLen = this.featureLen;
    let featureN = this.featureN;
    let i = 0;
    let r = 0;
    while (i < n) {
      let end = Math.min(n, i + featureLen - featureN);
      while (r < zeros.count && zeros.ends[r]! <= i) r++;
      if (r < zeros.count && zeros.starts[r]! <= i && this.atRest()) {
        // Zeros in, filters at rest: zeros out, nothing to add to the energies.
        mem.fill(0, HP_STATE / 8, ENERGIES / 8);
        end = Math.min(end, zeros.ends[r]!);
        this.bandSignal.fill(0, i, end);
      } else {
        // Up to the next stretch of zeros, to look there whether the filters have come to rest.
        if (r < zeros.count && zeros.starts[r]! > i) end = Math.min(end, zeros.starts[r]!);
        this.filter(i, end - i, this.outAt);
      }
      featureN += end - i;
      i = end;
      if (featureN === featureLen) {
        const e = ENERGIES / 8;
        this.speechOut.push(centiDb(mem[e]! / featureN));
        for (let b = 0; b < 4; b++) this.bandOut[b]!.push(centiDb(mem[e + 2 + b]! / featureN));
        // Six stores, not fill(): a builtin call per 5 ms frame cost more than the stores.
        for (let k = e; k < e + 6; k++) mem[k] = 0;
        featureN = 0;
      }
    }
    this.featureN = featureN;
    this.bandSignalLength = n;
  }

  /** The high-pass's last inputs are zeros and every filter's last outputs have decayed to nothing. */
  private atRest(): boolean {
    const m = this.mem;
    const h = HP_STATE / 8;
    if (m[h] !== 0 || m[h + 1] !== 0) return false;
    for (let k = h + 2; k < BAND_STATE / 8 + 8; k++) if (Math.abs(m[k]!) >= AT_REST) return false;
    return true;
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
