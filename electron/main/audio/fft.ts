/**
 * In-place iterative radix-2 complex FFT over separate real and imaginary arrays, with the twiddle and
 * bit-reversal tables built once per size. Used for the echo cross-correlation (a few thousand transforms
 * per hour of audio): the twiddles of each stage are stored contiguously, and the first two stages, whose
 * twiddles are 1 and −i, are done without multiplications.
 */
export class Fft {
  /** Twiddles of the stage with butterflies of half-width h at [h, 2h): e^{-2πik/(2h)}, k < h. */
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  private readonly rev: Uint32Array;

  constructor(readonly size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two, got ${size}`);
    this.wr = new Float64Array(size);
    this.wi = new Float64Array(size);
    for (let h = 1; h < size; h <<= 1) {
      for (let k = 0; k < h; k++) {
        // The same angles (and so the same values) as cos/sin of 2πi/size at i = k·size/(2h).
        const i = k * (size / (2 * h));
        this.wr[h + k] = Math.cos((2 * Math.PI * i) / size);
        this.wi[h + k] = -Math.sin((2 * Math.PI * i) / size);
      }
    }
    this.rev = new Uint32Array(size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
  }

  /** Forward transform; `inverse` conjugates the twiddles and scales by 1/size. */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    const n = this.size;
    const rev = this.rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i]!;
      if (j > i) {
        let t = re[i]!;
        re[i] = re[j]!;
        re[j] = t;
        t = im[i]!;
        im[i] = im[j]!;
        im[j] = t;
      }
    }
    // Half-width 1: twiddle 1.
    for (let a = 0; a < n; a += 2) {
      const b = a + 1;
      const xr = re[b]!;
      const xi = im[b]!;
      re[b] = re[a]! - xr;
      im[b] = im[a]! - xi;
      re[a] = re[a]! + xr;
      im[a] = im[a]! + xi;
    }
    // Half-width 2: twiddles 1 and ∓i.
    if (n >= 4) {
      const s = inverse ? -1 : 1;
      for (let a = 0; a < n; a += 4) {
        let xr = re[a + 2]!;
        let xi = im[a + 2]!;
        re[a + 2] = re[a]! - xr;
        im[a + 2] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        // (xr + i·xi)·(∓i) = ±xi ∓ i·xr
        const yr = re[a + 3]!;
        const yi = im[a + 3]!;
        xr = s * yi;
        xi = -s * yr;
        re[a + 3] = re[a + 1]! - xr;
        im[a + 3] = im[a + 1]! - xi;
        re[a + 1] = re[a + 1]! + xr;
        im[a + 1] = im[a + 1]! + xi;
      }
    }
    const twr = this.wr;
    const twi = this.wi;
    const sign = inverse ? -1 : 1;
    for (let half = 4; half < n; half <<= 1) {
      const len = half << 1;
      for (let start = 0; start < n; start += len) {
        for (let k = 0; k < half; k++) {
          const wr = twr[half + k]!;
          const wi = sign * twi[half + k]!;
          const a = start + k;
          const b = a + half;
          const br = re[b]!;
          const bi = im[b]!;
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          const ar = re[a]!;
          const ai = im[a]!;
          re[b] = ar - xr;
          im[b] = ai - xi;
          re[a] = ar + xr;
          im[a] = ai + xi;
        }
      }
    }
    if (inverse) {
      for (let i = 0; i < n; i++) {
        re[i] = re[i]! / n;
        im[i] = im[i]! / n;
      }
    }
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
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

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
    this.zr = new Float64Array(this.h);
    this.zi = new Float64Array(this.h);
  }

  /**
   * Spectrum of `x` (its first `length` samples, zero beyond, up to `size`): bins 0..size/2 into re/im
   * (length ≥ size/2 + 1); the rest follow by symmetry.
   */
  forward(x: Float32Array, offset: number, length: number, re: Float64Array, im: Float64Array): void {
    const h = this.h;
    const zr = this.zr;
    const zi = this.zi;
    zr.fill(0);
    zi.fill(0);
    for (let n = 0; n < length; n++) {
      const v = x[offset + n]!;
      if (n & 1) zi[n >> 1] = v;
      else zr[n >> 1] = v;
    }
    this.half.transform(zr, zi);
    const wr = this.wr;
    const wi = this.wi;
    re[0] = zr[0]! + zi[0]!;
    im[0] = 0;
    re[h] = zr[0]! - zi[0]!;
    im[h] = 0;
    for (let k = 1; k < h; k++) {
      const ar = zr[k]!;
      const ai = zi[k]!;
      const br = zr[h - k]!;
      const bi = -zi[h - k]!; // conj(Z[h-k])
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
    const zr = this.zr;
    const zi = this.zi;
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
      zr[k] = er - oi;
      zi[k] = ei + or;
    }
    this.half.transform(zr, zi, true);
    for (let m = 0; m < h; m++) {
      out[2 * m] = zr[m]!;
      out[2 * m + 1] = zi[m]!;
    }
  }
}
