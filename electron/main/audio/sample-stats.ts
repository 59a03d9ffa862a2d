/**
 * The full-rate statistics of a channel (least and greatest sample, sum, sum of squares) over stretches
 * of one chunk, by the WebAssembly SIMD kernel in kernels/sample-stats.wat: about a third of the cost of
 * the same loop in JavaScript, which was the costliest per-sample step of the analysis.
 * A chunk is copied into the kernel's memory once (`load`), then measured stretch by stretch (`measure`).
 */
import { WASM_BASE64 } from './kernels/sample-stats-wasm';
import { instantiateKernel } from './wasm-kernel';

/** Where the samples start in the kernel's memory (the results take the first 32 bytes). */
const SAMPLES_AT = 64;

export class SampleStats {
  private readonly stats: (at: number, n: number) => void;
  private readonly samples: Float32Array;
  /** After `measure`: [least, greatest, sum, sum of squares]. NaN samples are passed over by the first two. */
  readonly result: Float64Array;

  constructor(maxFrames: number) {
    const { exports, buffer } = instantiateKernel(WASM_BASE64, SAMPLES_AT + 4 * maxFrames);
    this.stats = exports.stats as (at: number, n: number) => void;
    this.samples = new Float32Array(buffer, SAMPLES_AT, maxFrames);
    this.result = new Float64Array(buffer, 0, 4);
  }

  /** Copies the chunk's first `frames` samples in (at most the `maxFrames` given to the constructor). */
  load(x: Float32Array, frames: number): void {
    this.samples.set(frames === x.length ? x : x.subarray(0, frames));
  }

  /** Statistics of samples [from, from + n) of the loaded chunk, into `result`. */
  measure(from: number, n: number): void {
    this.stats(SAMPLES_AT + 4 * from, n);
  }
}
