/**
 * Echo / TTS bleed between two channels: one channel's audio leaking into the other after a delay (the
 * agent's voice coming back through the caller's microphone or line). Measured while the audio streams,
 * on 1-second windows of the two speech-band signals at 4 kHz, by generalized cross-correlation with
 * phase transform (GCC-PHAT: a sharp peak at the leak's delay even for speech, whose plain correlation is
 * broad) summed over windows, and plain correlation at that delay for the leak's level.
 * Only a few hundred windows per recording are transformed, so this costs little next to decoding.
 */
import { RealFft } from './fft';
import { powerToDb } from './growable';

export const ECHO_RATE = 4000;
const WINDOW = ECHO_RATE; // 1 s
const HOP = 2 * ECHO_RATE;
/**
 * Windows transformed densely over the first 20 minutes, then only every third, so long calls cost a
 * bounded amount. Counted by position in the recording (not by how many were active) so that spans of one
 * recording analysed on different threads pick the same windows one pass would.
 */
const DENSE_WINDOWS = 600;

/** Where a span of the recording begins and which windows are its own (span-analysis.ts). */
export interface EchoSpan {
  /** Index at ECHO_RATE of the first sample pushed (a multiple of the input rate / ECHO_RATE ratio). */
  base: number;
  /** The span's windows are those whose first sample (lag included) is before this index; the rest are the next span's. */
  windowsBefore: number;
}

/** Samples at ECHO_RATE a span must see past its own end so its last window is complete. */
export const echoTailSamples = (maxLagMs: number): number => WINDOW + 2 * Math.round((maxLagMs / 1000) * ECHO_RATE);

export interface EchoWindow {
  startMs: number;
  /** Which channel was loud enough to be the source of a leak: 0, 1 or both. */
  active: [boolean, boolean];
  /** Normalized plain correlation of the window at each lag of interest, filled after the pass. */
  peaks: { lag: number; phat: number }[];
  energy: [number, number];
  /** Plain cross-correlation at the peaks' lags. */
  cross: number[];
}

export interface EchoPairFeatures {
  rate: number;
  maxLag: number;
  windows: EchoWindow[];
  /** GCC-PHAT summed over windows where channel 0 (index 0) or channel 1 (index 1) was active. */
  phat: [Float64Array, Float64Array];
  /** Plain cross-correlation summed the same way, and the source channel's energy it is relative to. */
  cross: [Float64Array, Float64Array];
  sourceEnergy: [number, number];
  otherEnergy: [number, number];
  windowCount: [number, number];
}

/** Lags are of channel 1 relative to channel 0: c[lag] = Σ x0[n]·x1[n+lag]. Negative: channel 1 leads (leaks into 0). */
export class EchoAnalyzer {
  private readonly maxLag: number;
  private readonly fft: RealFft;
  private readonly size: number;
  private buf: [Float32Array, Float32Array];
  private base = 0; // absolute sample index of buf[*][0]
  private length = 0;
  private nextStart: number;
  private readonly windowsBefore: number;
  private readonly floorDb: [number, number] = [Infinity, Infinity];
  /** Scratch of one push at ECHO_RATE. */
  private t0 = new Float64Array(0);
  private t1 = new Float64Array(0);
  private decim0 = 0;
  private decim1 = 0;
  private decimN = 0;
  private readonly step: number;
  private phase = 0;
  private readonly out: EchoPairFeatures;
  private readonly re: [Float64Array, Float64Array];
  private readonly im: [Float64Array, Float64Array];
  private readonly pr: Float64Array;
  private readonly pi: Float64Array;
  /** Inverse transform of a window's phase spectrum: index k holds lag k − maxLag. */
  private readonly phatLags: Float64Array;
  /**
   * The plain cross-spectra summed over each channel's active windows, turned into lags once at the end:
   * the sum of the windows' correlations is the transform of the sum of their spectra, so the windows need
   * no inverse transform of their own for it (a quarter of the echo analysis's transforms).
   */
  private readonly crossSpectrum: [Float64Array, Float64Array, Float64Array, Float64Array];
  private finished = false;

  constructor(
    private readonly inputRate: number,
    maxLagMs: number,
    private readonly activeAboveDbfs: number,
    span: EchoSpan = { base: 0, windowsBefore: Infinity },
  ) {
    this.maxLag = Math.round((maxLagMs / 1000) * ECHO_RATE);
    this.size = 1 << Math.ceil(Math.log2(WINDOW + 2 * this.maxLag));
    this.fft = new RealFft(this.size);
    this.step = ECHO_RATE;
    const cap = 4 * (WINDOW + 2 * this.maxLag + HOP);
    this.buf = [new Float32Array(cap), new Float32Array(cap)];
    // Windows start at maxLag + k·HOP; a span's first is the first whose lag margin it holds.
    this.base = span.base;
    this.nextStart = this.maxLag + Math.ceil(span.base / HOP) * HOP;
    this.windowsBefore = span.windowsBefore;
    const lags = 2 * this.maxLag + 1;
    this.out = {
      rate: ECHO_RATE,
      maxLag: this.maxLag,
      windows: [],
      phat: [new Float64Array(lags), new Float64Array(lags)],
      cross: [new Float64Array(lags), new Float64Array(lags)],
      sourceEnergy: [0, 0],
      otherEnergy: [0, 0],
      windowCount: [0, 0],
    };
    const bins = this.size / 2 + 1;
    this.re = [new Float64Array(bins), new Float64Array(bins)];
    this.im = [new Float64Array(bins), new Float64Array(bins)];
    this.pr = new Float64Array(bins);
    this.pi = new Float64Array(bins);
    this.phatLags = new Float64Array(this.size);
    this.crossSpectrum = [new Float64Array(bins), new Float64Array(bins), new Float64Array(bins), new Float64Array(bins)];
  }

  /** Speech-band samples of both channels at the input (analysis) rate, same length. */
  push(a: Float32Array, b: Float32Array, n: number): void {
    // Averaged down to ECHO_RATE into the scratch, then appended to the window buffer in stretches.
    if (this.t0.length < n) {
      this.t0 = new Float64Array(n);
      this.t1 = new Float64Array(n);
    }
    const t0 = this.t0;
    const t1 = this.t1;
    const sr = this.inputRate;
    const step = this.step;
    let d0 = this.decim0;
    let d1 = this.decim1;
    let decimN = this.decimN;
    let phase = this.phase;
    let k = 0;
    let i = 0;
    if (sr === 2 * step) {
      // The usual case (8 kHz in): pairs of samples. Same sums as below, without the phase per sample.
      if (decimN === 1 && n > 0) {
        t0[k] = (d0 + a[0]!) / 2;
        t1[k] = (d1 + b[0]!) / 2;
        k++;
        d0 = d1 = 0;
        decimN = 0;
        phase -= sr - step;
        i = 1;
      }
      for (; i + 1 < n; i += 2) {
        t0[k] = (a[i]! + a[i + 1]!) / 2;
        t1[k] = (b[i]! + b[i + 1]!) / 2;
        k++;
      }
    }
    for (; i < n; i++) {
      d0 += a[i]!;
      d1 += b[i]!;
      decimN++;
      phase += step;
      if (phase >= sr) {
        phase -= sr;
        t0[k] = d0 / decimN;
        t1[k] = d1 / decimN;
        k++;
        d0 = 0;
        d1 = 0;
        decimN = 0;
      }
    }
    this.decim0 = d0;
    this.decim1 = d1;
    this.decimN = decimN;
    this.phase = phase;
    for (let j = 0; j < k; ) {
      if (this.length === this.buf[0].length) this.compact();
      // Up to the sample that makes the next window due (windows are taken as soon as they are complete).
      const due = this.nextStart + WINDOW + this.maxLag - (this.base + this.length);
      const take = Math.min(k - j, this.buf[0].length - this.length, Math.max(1, due));
      this.buf[0].set(t0.subarray(j, j + take), this.length);
      this.buf[1].set(t1.subarray(j, j + take), this.length);
      this.length += take;
      j += take;
      if (this.base + this.length >= this.nextStart + WINDOW + this.maxLag) this.windowsDue();
    }
  }

  private windowsDue(): void {
    while (this.base + this.length >= this.nextStart + WINDOW + this.maxLag) {
      if (this.nextStart - this.maxLag < this.windowsBefore) this.window(this.nextStart);
      this.nextStart += HOP;
    }
  }

  private compact(): void {
    const keepFrom = Math.max(0, this.nextStart - this.maxLag - this.base);
    for (const ch of this.buf) ch.copyWithin(0, keepFrom, this.length);
    this.length -= keepFrom;
    this.base += keepFrom;
    if (this.length === this.buf[0].length) {
      // Should not happen (windows keep up with input), but never overrun.
      this.buf = [growCopy(this.buf[0]), growCopy(this.buf[1])];
    }
  }

  private window(start: number): void {
    const N = WINDOW;
    const M = this.maxLag;
    const off = start - this.base;
    const [x0, x1] = this.buf;
    let e0 = 0;
    let e1 = 0;
    for (let n = 0; n < N; n++) {
      e0 += x0[off + n]! * x0[off + n]!;
      e1 += x1[off + n]! * x1[off + n]!;
    }
    const db: [number, number] = [powerToDb(e0 / N), powerToDb(e1 / N)];
    const active: [boolean, boolean] = [false, false];
    for (const c of [0, 1] as const) {
      // Each channel's quiet level so far (a slowly rising minimum): "active" means well above it. Before any
      // quiet window has been seen, loud enough is enough.
      const floor = this.floorDb[c];
      active[c] = db[c] > this.activeAboveDbfs && (floor === Infinity || db[c] > floor + 10);
      this.floorDb[c] = Math.min(db[c], floor + 0.5);
    }
    if (!active[0] && !active[1]) return;
    const index = (start - this.maxLag) / HOP;
    if (index >= DENSE_WINDOWS && index % 3 !== 0) return;

    // Spectra of the window of channel 0 and of channel 1 with M samples either side (both zero-padded).
    const h = this.size / 2;
    const [re0, re1] = this.re;
    const [im0, im1] = this.im;
    this.fft.forward(x0, off, N, re0, im0);
    this.fft.forward(x1, off - M, N + 2 * M, re1, im1);
    // Cross-spectrum conj(X0)·X1: phase-only in pr/pi for this window, plain added to the active channels' sums.
    const pr = this.pr;
    const pi = this.pi;
    const [sr0, si0, sr1, si1] = this.crossSpectrum;
    for (let k = 0; k <= h; k++) {
      const cr = re0[k]! * re1[k]! + im0[k]! * im1[k]!;
      const ci = re0[k]! * im1[k]! - im0[k]! * re1[k]!;
      const mag = Math.sqrt(cr * cr + ci * ci) + 1e-20;
      pr[k] = cr / mag;
      pi[k] = ci / mag;
      if (active[0]) {
        sr0[k] = sr0[k]! + cr;
        si0[k] = si0[k]! + ci;
      }
      if (active[1]) {
        sr1[k] = sr1[k]! + cr;
        si1[k] = si1[k]! + ci;
      }
    }
    const phatLags = this.phatLags;
    this.fft.inverse(pr, pi, phatLags);
    // Index k of the inverse holds lag k - M.
    const lags = 2 * M + 1;
    for (const c of [0, 1] as const) {
      if (!active[c]) continue;
      const phat = this.out.phat[c];
      for (let k = 0; k < lags; k++) phat[k] = phat[k]! + phatLags[k]!;
    }
    // Built element by element: arrays made by map() over these came out with differing element kinds and sent
    // the optimised code back to the interpreter at almost every window (measured with --trace-deopt).
    const peaks: { lag: number; phat: number }[] = [];
    const cross: number[] = [];
    for (const k of topThree(phatLags, lags)) {
      peaks.push({ lag: k - M, phat: phatLags[k]! });
      cross.push(crossAt(x0, x1, off, N, k - M));
    }
    for (const c of [0, 1] as const) {
      if (!active[c]) continue;
      this.out.sourceEnergy[c] += c === 0 ? e0 : e1;
      this.out.otherEnergy[c] += c === 0 ? e1 : e0;
      this.out.windowCount[c]++;
    }
    this.out.windows.push({
      startMs: (start / ECHO_RATE) * 1000,
      active,
      peaks,
      energy: [e0, e1],
      cross,
    });
  }

  finish(): EchoPairFeatures {
    if (!this.finished) {
      this.finished = true;
      const lags = 2 * this.maxLag + 1;
      const [sr0, si0, sr1, si1] = this.crossSpectrum;
      for (const [c, re, im] of [[0, sr0, si0], [1, sr1, si1]] as const) {
        if (this.out.windowCount[c] === 0) continue;
        this.fft.inverse(re, im, this.phatLags);
        this.out.cross[c].set(this.phatLags.subarray(0, lags));
      }
    }
    return this.out;
  }
}

/**
 * Indices of the three largest of v[0..n), largest first; of equal values the earlier first. One comparison
 * per lag for most lags (a window's four thousand), no allocation or sort while scanning.
 */
function topThree(v: Float64Array, n: number): number[] {
  let i0 = -1;
  let i1 = -1;
  let i2 = -1;
  let v2 = -Infinity;
  for (let k = 0; k < n; k++) {
    const x = v[k]!;
    if (i2 >= 0 && !(x > v2)) continue;
    if (i0 < 0 || x > v[i0]!) {
      i2 = i1;
      i1 = i0;
      i0 = k;
    } else if (i1 < 0 || x > v[i1]!) {
      i2 = i1;
      i1 = k;
    } else i2 = k;
    v2 = i2 >= 0 ? v[i2]! : -Infinity;
  }
  return [i0, i1, i2].filter((i) => i >= 0);
}

/** Plain cross-correlation of one window at one lag: Σ x0[off + n]·x1[off + n + lag], n < N. */
function crossAt(x0: Float32Array, x1: Float32Array, off: number, N: number, lag: number): number {
  let sum = 0;
  for (let n = 0; n < N; n++) sum += x0[off + n]! * x1[off + n + lag]!;
  return sum;
}

function growCopy(a: Float32Array): Float32Array {
  const b = new Float32Array(a.length * 2);
  b.set(a);
  return b;
}
