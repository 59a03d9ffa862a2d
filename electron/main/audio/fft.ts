import { WASM_BASE64 } from './kernels/complex-fft-wasm';
import { instantiateKernel } from './wasm-kernel';

/**
 * Complex FFT of a power-of-two size over separate real and imaginary arrays, by the WebAssembly SIMD kernel
 * in kernels/complex-fft.wat (iterative radix-2, one complex number to a vector). Used for the echo
 * cross-correlation, where it was the largest part of the cost. The twiddle and bit-reversal tables are
 * built once per size, in the kernel's memory; the twiddles are the same angles as cos/sin of 2πk/size.
 */
export class Fft {
  private readonly fft: (n: number, inverse: number) => void;
  /** The kernel's data: size complex numbers, interleaved (re, im); transformed in place by `run`. */
  readonly data: Float64Array;

  constructor(readonly size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two, got ${size}`);
    const { exports, buffer } = instantiateKernel(WASM_BASE64, 36 * size);
    this.fft = exports.fft as (n: number, inverse: number) => void;
    this.data = new Float64Array(buffer, 0, 2 * size);
    const twiddles = new Float64Array(buffer, 16 * size, 2 * size);
    for (let k = 0; k < size / 2; k++) {
      const wr = Math.cos((2 * Math.PI * k) / size);
      const wi = -Math.sin((2 * Math.PI * k) / size);
      twiddles.set([wr, wr, -wi, wi], 4 * k);
    }
    const rev = new Uint32Array(buffer, 32 * size, size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      rev[i] = r;
    }
  }

  /** Transforms `data` in place; `inverse` conjugates the twiddles and scales by 1/size. */
  run(inverse = false): void {
    this.fft(this.size, inverse ? 1 : 0);
  }
}

/**
 * Transforms of real signals of length `size` through one complex transform of half the length (the even
 * samples as the real part, the odd as the imaginary), twice as fast as a complex transform of the same
 * length. A signal of zeros stays exactly zero, and two signals transformed one after the other cannot
 * leak into each other, as they would packed into one complex transform.
 */
export class RealFft {
  private readonly half: Fft;
  private readonly h: number;
  /** e^{-2πik/size}, k < size/2. */
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;

  constructor(readonly size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new Error(`real FFT size must be a power of two ≥ 4, got ${size}`);
    this.h = size / 2;
    this.half = new Fft(this.h);
    this.wr = new Float64Array(this.h);
    this.wi = new Float64Array(this.h);
    for (let k = 0; k < this.h; k++) {
      this.wr[k] = Math.cos((2 * Math.PI * k) / size);
      this.wi[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /**
   * Spectrum of `x` (its first `length` samples, zero beyond, up to `size`): bins 0..size/2 into re/im
   * (length ≥ size/2 + 1); the rest follow by symmetry.
   */
  forward(x: Float32Array, offset: number, length: number, re: Float64Array, im: Float64Array): void {
    const h = this.h;
    // z[n] = x[2n] + i·x[2n+1]: interleaved, the complex input is the signal itself, zero-padded.
    const z = this.half.data;
    for (let n = 0; n < length; n++) z[n] = x[offset + n]!;
    z.fill(0, length);
    this.half.run();
    const wr = this.wr;
    const wi = this.wi;
    re[0] = z[0]! + z[1]!;
    im[0] = 0;
    re[h] = z[0]! - z[1]!;
    im[h] = 0;
    for (let k = 1; k < h; k++) {
      const ar = z[2 * k]!;
      const ai = z[2 * k + 1]!;
      const br = z[2 * (h - k)]!;
      const bi = -z[2 * (h - k) + 1]!; // conj(Z[h-k])
      const er = (ar + br) / 2;
      const ei = (ai + bi) / 2;
      // O = (Z − conj(Z[h−k])) / 2i
      const or = (ai - bi) / 2;
      const oi = -(ar - br) / 2;
      const tr = wr[k]! * or - wi[k]! * oi;
      const ti = wr[k]! * oi + wi[k]! * or;
      re[k] = er + tr;
      im[k] = ei + ti;
    }
  }

  /** The real signal (length `size`) of a spectrum given as bins 0..size/2, into `out`. */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const h = this.h;
    const z = this.half.data;
    const wr = this.wr;
    const wi = this.wi;
    for (let k = 0; k < h; k++) {
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[h - k]!;
      const bi = -im[h - k]!; // conj(X[h-k])
      const er = (ar + br) / 2;
      const ei = (ai + bi) / 2;
      // O = (X − conj(X[h−k]))·e^{+2πik/size} / 2
      const dr = (ar - br) / 2;
      const di = (ai - bi) / 2;
      const or = dr * wr[k]! + di * wi[k]!;
      const oi = di * wr[k]! - dr * wi[k]!;
      // Z = E + i·O
      z[2 * k] = er - oi;
      z[2 * k + 1] = ei + or;
    }
    this.half.run(true);
    // Interleaved, the complex result is the signal: z[m] = x[2m] + i·x[2m+1].
    out.set(z);
  }
}
