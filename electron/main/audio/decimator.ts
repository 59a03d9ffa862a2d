import { designBiquad, type BiquadCoefficients } from './biquad';
import { AT_REST, ZeroRuns } from './filter-rest';

/**
 * Resampling of one channel down to the analysis rate, chunk by chunk: block sums down to an intermediate
 * rate, an anti-alias low-pass there (one biquad section run twice), then averaging down to the analysis rate
 * (a phase accumulator says which inputs each output averages). The sections are in direct form I with
 * the last output's feedback added last, so each output waits on one multiply and one subtraction after the
 * one before it.
 *
 * Why the block sums first: the low-pass is recursive, so each sample waits on the one before it, and at
 * 48 kHz it was the costliest loop of the whole analysis. Summing blocks of 3 first (48 → 16 kHz) runs it
 * on a third of the samples. The sums alias only what lies within 4 kHz of 16 or 32 kHz (12–20 and 28–36
 * kHz) into the speech band, and that by 9.5 dB or more less than it is: speech recordings hold next to
 * nothing there. The low-pass and the final averaging then treat 4–8 kHz as they did at the full rate.
 *
 * Where the input is exact zeros and the filters are at rest, the output is zeros without filtering.
 */
export class Decimator {
  /** Output rate. */
  readonly outRate: number;
  /** Input samples summed into one before the low-pass (1: none). */
  private readonly pre: number;
  /** Rate the low-pass runs at. */
  private readonly midRate: number;
  private readonly lp: BiquadCoefficients | null;
  private preAcc = 0;
  private preN = 0;
  // The low-pass's history: its last two inputs, the first section's last two outputs, the second's.
  private x1 = 0;
  private x2 = 0;
  private u1 = 0;
  private u2 = 0;
  private w1 = 0;
  private w2 = 0;
  private phase = 0;
  private acc = 0;
  private accN = 0;
  /** The block sums of one push (scaled to means), and their stretches of exact zeros. */
  private readonly mid: Float64Array;
  private readonly midZeros = new ZeroRuns();
  /**
   * Output of the last push (doubles: the band filters see exactly what they did). Usually the band stage's
   * own input, so that nothing copies it there.
   */
  readonly out: Float64Array;
  readonly outZeros = new ZeroRuns();

  /** Output samples a push of `maxFrames` can make at most (the length `out` must have). */
  static outCapacity(inRate: number, analysisRate: number, maxFrames: number): number {
    return Math.ceil((maxFrames * Math.min(inRate, analysisRate)) / inRate) + 2;
  }

  constructor(
    readonly inRate: number,
    analysisRate: number,
    /** Largest push. */
    maxFrames: number,
    /** Where the output goes (at least outCapacity long); a new array if not given. */
    out?: Float64Array,
  ) {
    this.outRate = Math.min(inRate, analysisRate);
    const ratio = inRate % this.outRate === 0 ? inRate / this.outRate : 0;
    // Block sums only down to twice the output rate, so the low-pass still has the band above it to work in.
    this.pre = ratio > 2 && ratio % 2 === 0 ? ratio / 2 : 1;
    this.midRate = inRate / this.pre;
    this.lp = inRate > this.outRate ? designBiquad('lowpass', this.midRate, 0.45 * this.outRate) : null;
    this.mid = new Float64Array(this.lp === null ? 0 : Math.ceil(maxFrames / this.pre) + 1);
    const capacity = Decimator.outCapacity(inRate, analysisRate, maxFrames);
    if (out && out.length < capacity) throw new Error(`decimator output of ${out.length} samples, ${capacity} needed`);
    this.out = out ?? new Float64Array(capacity);
  }

  /**
   * `frames` input samples; `zeros`: stretches of exact zeros among them (may be empty, never wrong).
   * Returns how many output samples were written to `out`.
   */
  push(x: Float32Array, frames: number, zeros: ZeroRuns): number {
    if (this.lp === null) return this.passThrough(x, frames, zeros);
    const n = this.blockMeans(x, frames, zeros);
    return this.lowPassDown(n);
  }

  /** Already at (or below) the analysis rate: every sample is an analysis sample. */
  private passThrough(x: Float32Array, frames: number, zeros: ZeroRuns): number {
    const out = this.out;
    for (let i = 0; i < frames; i++) out[i] = x[i]!;
    this.outZeros.count = 0;
    for (let r = 0; r < zeros.count; r++) this.outZeros.add(zeros.starts[r]!, zeros.ends[r]!);
    return frames;
  }

  /** Means of blocks of `pre` samples into `mid` (a copy when pre is 1); carries a partial block over. */
  private blockMeans(x: Float32Array, frames: number, zeros: ZeroRuns): number {
    const mid = this.mid;
    const pre = this.pre;
    const midZeros = this.midZeros;
    midZeros.count = 0;
    if (pre === 1) {
      for (let i = 0; i < frames; i++) mid[i] = x[i]!;
      for (let r = 0; r < zeros.count; r++) midZeros.add(zeros.starts[r]!, zeros.ends[r]!);
      return frames;
    }
    const scale = 1 / pre;
    // Block j of this push ends at input index (j + 1)·pre − carried (the first completes a carried block).
    const carried = this.preN;
    let m = 0;
    let i = 0;
    let acc = this.preAcc;
    let k = carried;
    if (k > 0) {
      for (; i < frames && k < pre; i++, k++) acc += x[i]!;
      if (k < pre) {
        this.preAcc = acc;
        this.preN = k;
        return 0;
      }
      mid[m++] = acc * scale;
    }
    if (pre === 3) {
      for (; i + 2 < frames; i += 3) mid[m++] = (x[i]! + x[i + 1]! + x[i + 2]!) * scale;
    } else {
      for (; i + pre <= frames; i += pre) {
        let s = 0;
        for (let j = 0; j < pre; j++) s += x[i + j]!;
        mid[m++] = s * scale;
      }
    }
    acc = 0;
    k = 0;
    for (; i < frames; i++, k++) acc += x[i]!;
    this.preAcc = acc;
    this.preN = k;
    // A block is in a stretch of zeros when all its samples are (a carried block never: its start was in the last push).
    for (let r = 0; r < zeros.count; r++) {
      const from = Math.ceil((zeros.starts[r]! + carried) / pre);
      const to = Math.floor((zeros.ends[r]! + carried) / pre);
      if (to > from) midZeros.add(from, to);
    }
    return m;
  }

  /** The low-pass over `n` block means, averaged down to the output rate. */
  private lowPassDown(frames: number): number {
    const x = this.mid;
    const zeros = this.midZeros;
    const out = this.out;
    const outZeros = this.outZeros;
    outZeros.count = 0;
    let m = 0;
    const { b0, b1, b2, a1, a2 } = this.lp!;
    let acc = this.acc;
    let accN = this.accN;
    let x1 = this.x1;
    let x2 = this.x2;
    let u1 = this.u1;
    let u2 = this.u2;
    let w1 = this.w1;
    let w2 = this.w2;
    // Each output averages the low-passed inputs since the one before: `need` more of them, from a phase
    // accumulator (exact: the rates are whole numbers), whole-number ratio or not.
    const sr = this.midRate;
    const step = this.outRate;
    let phase = this.phase;
    // From a block start (phase 0, every block at whole ratios) without a division per output.
    const fromStart = Math.ceil(sr / step);
    const needFrom = (p: number): number => (p === 0 ? fromStart : Math.ceil((sr - p) / step));
    let i = 0;
    let r = 0;
    while (i < frames) {
      let need = needFrom(phase);
      if (accN === 0 && r < zeros.count) {
        while (r < zeros.count && zeros.ends[r]! <= i) r++;
        if (r < zeros.count && zeros.starts[r]! <= i && x1 === 0 && x2 === 0 && atRest(u1, u2, w1, w2)) {
          // Zeros in, filters at rest: zero outputs for the blocks the stretch holds whole, then a partial
          // block of zeros (acc stays 0).
          u1 = u2 = w1 = w2 = 0;
          const end = zeros.ends[r]!;
          while (i + need <= end) {
            out[m] = 0;
            outZeros.add(m, m + 1);
            m++;
            i += need;
            phase += need * step - sr;
            need = needFrom(phase);
          }
          accN = end - i;
          phase += accN * step;
          i = end;
          continue;
        }
      }
      const end = Math.min(frames, i + need);
      accN += end - i;
      phase += (end - i) * step;
      for (; i < end; i++) {
        const v = x[i]!;
        const u = b0 * v + b1 * x1 + b2 * x2 - a2 * u2 - a1 * u1;
        const w = b0 * u + b1 * u1 + b2 * u2 - a2 * w2 - a1 * w1;
        x2 = x1;
        x1 = v;
        u2 = u1;
        u1 = u;
        w2 = w1;
        w1 = w;
        acc += w;
      }
      if (phase >= sr) {
        out[m++] = acc / accN;
        phase -= sr;
        acc = 0;
        accN = 0;
      }
    }
    this.phase = phase;
    this.x1 = x1;
    this.x2 = x2;
    this.u1 = u1;
    this.u2 = u2;
    this.w1 = w1;
    this.w2 = w2;
    this.acc = acc;
    this.accN = accN;
    return m;
  }
}

const atRest = (u1: number, u2: number, w1: number, w2: number): boolean =>
  Math.abs(u1) < AT_REST && Math.abs(u2) < AT_REST && Math.abs(w1) < AT_REST && Math.abs(w2) < AT_REST;
