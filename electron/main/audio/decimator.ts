import { designBiquad } from './biquad';
import { ZeroRuns } from './filter-rest';
import { WASM_BASE64 } from './kernels/decimator-wasm';
import { instantiateKernel } from './wasm-kernel';

/**
 * Resampling of a recording's channels down to the analysis rate, chunk by chunk, two channels at a time
 * (one in each lane of the WebAssembly SIMD kernel in kernels/decimator.wat): block means down to an
 * intermediate rate, an anti-alias low-pass there (one biquad section run twice), then averaging down to
 * the analysis rate (a phase accumulator says which inputs each output averages).
 *
 * Why the block means first: the low-pass is recursive, so each sample waits on the one before it, and at
 * 48 kHz it was the costliest loop of the whole analysis. Averaging blocks of 3 first (48 → 16 kHz) runs it
 * on a third of the samples. The means alias only what lies within 4 kHz of 16 or 32 kHz (12–20 and 28–36
 * kHz) into the speech band, and that by 9.5 dB or more less than it is: speech recordings hold next to
 * nothing there. The low-pass and the final averaging then treat 4–8 kHz as they did at the full rate.
 * Why two channels at once: each low-passed sample waits on the last, and the two channels share those
 * waits. Each lane computes exactly what the same steps in plain float64 arithmetic would for its channel,
 * so a channel's result does not depend on whether it had a partner.
 *
 * Recordings at or below the analysis rate need none of this (needsResampling).
 */
export class Decimator {
  /** Output rate. */
  readonly outRate: number;
  /** Input samples averaged into one before the low-pass (1: none). */
  private readonly pre: number;
  /** Rate the low-pass runs at. */
  private readonly midRate: number;
  private readonly kernel: (
    frames: number, inA: number, inB: number, outA: number, outB: number, pre: number, sr: number, step: number, scale: number, restCheck: number,
  ) => number;
  private readonly at: { inA: number; inB: number; outA: number; outB: number };
  /** Per lane: where the next chunk's samples go (write `frames` of them, then `run`). */
  readonly inputs: [Float32Array, Float32Array];
  /** Per lane: the last run's output (doubles: the band filters see exactly what they would in JavaScript). */
  readonly outputs: [Float64Array, Float64Array];
  /** Per lane: stretches of exact zeros in the last run's output (found only where the input had some). */
  readonly outZeros: [ZeroRuns, ZeroRuns] = [new ZeroRuns(), new ZeroRuns()];

  /** Whether a recording at `inRate` is resampled at all (else its samples are the analysis samples). */
  static needsResampling(inRate: number, analysisRate: number): boolean {
    return inRate > analysisRate;
  }

  /** Output samples a push of `maxFrames` can make at most. */
  static outCapacity(inRate: number, analysisRate: number, maxFrames: number): number {
    return Math.ceil((maxFrames * Math.min(inRate, analysisRate)) / inRate) + 2;
  }

  constructor(
    readonly inRate: number,
    analysisRate: number,
    /** Largest chunk. */
    maxFrames: number,
  ) {
    if (!Decimator.needsResampling(inRate, analysisRate)) throw new Error(`${inRate} Hz needs no resampling to ${analysisRate} Hz`);
    this.outRate = analysisRate;
    const ratio = inRate % analysisRate === 0 ? inRate / analysisRate : 0;
    // Block means only down to twice the output rate, so the low-pass still has the band above it to work in.
    this.pre = ratio > 2 && ratio % 2 === 0 ? ratio / 2 : 1;
    this.midRate = inRate / this.pre;
    const capacity = Decimator.outCapacity(inRate, analysisRate, maxFrames);
    const inA = 256;
    const inB = inA + 4 * maxFrames;
    const outA = align8(inB + 4 * maxFrames);
    const outB = outA + 8 * capacity;
    const { exports, buffer } = instantiateKernel(WASM_BASE64, outB + 8 * capacity);
    this.kernel = exports.run as Decimator['kernel'];
    this.at = { inA, inB, outA, outB };
    this.inputs = [new Float32Array(buffer, inA, maxFrames), new Float32Array(buffer, inB, maxFrames)];
    this.outputs = [new Float64Array(buffer, outA, capacity), new Float64Array(buffer, outB, capacity)];
    const lp = designBiquad('lowpass', this.midRate, 0.45 * this.outRate);
    const coefficients = new Float64Array(buffer, 0, 10);
    [lp.b0, lp.b1, lp.b2, lp.a1, lp.a2].forEach((c, k) => coefficients.fill(c, 2 * k, 2 * k + 2));
  }

  /**
   * Resamples the `frames` samples written to each lane's input. `zeros[lane]`: stretches of exact zeros in
   * that input (may be empty, never wrong). Returns how many outputs each lane got.
   */
  run(frames: number, zeros: readonly ZeroRuns[]): number {
    const silence = zeros.some((z) => z.count > 0);
    const { inA, inB, outA, outB } = this.at;
    const m = this.kernel(frames, inA, inB, outA, outB, this.pre, this.midRate, this.outRate, 1 / this.pre, silence ? 1 : 0);
    for (let lane = 0; lane < 2; lane++) {
      const runs = this.outZeros[lane]!;
      runs.count = 0;
      if (silence && zeros[lane]?.count) zeroStretches(this.outputs[lane]!, m, runs);
    }
    return m;
  }
}

const align8 = (n: number): number => (n + 7) & ~7;

/** The stretches of exact zeros among out[0..n). */
function zeroStretches(out: Float64Array, n: number, runs: ZeroRuns): void {
  for (let i = 0; i < n; ) {
    if (out[i] !== 0) {
      i++;
      continue;
    }
    const from = i;
    while (i < n && out[i] === 0) i++;
    runs.add(from, i);
  }
}
