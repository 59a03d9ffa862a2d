/**
 * Echo / TTS bleed between two channels: one channel's audio leaking into the other after a delay (the
 * agent's voice coming back through the caller's microphone or line). Measured while the audio streams,
 * on 1-second windows of the two speech-band signals at 4 kHz, by generalized cross-correlation with
 * phase transform (GCC-PHAT: a sharp peak at the leak's delay even for speech, whose plain correlation is
 * broad) summed over windows, and plain correlation at that delay for the leak's level.
 * Only a few hundred windows per recording are transformed, so this costs little next to decoding.
 */
import { Fft } from './fft';
import { powerToDb } from './growable';

export const ECHO_RATE = 4000;
const WINDOW = ECHO_RATE; // 1 s
const HOP = 2 * ECHO_RATE;
/** Windows transformed densely at first, then only every third, so long calls cost a bounded amount. */
const DENSE_WINDOWS = 600;

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
  private readonly fft: Fft;
  private readonly size: number;
  private buf: [Float32Array, Float32Array];
  private base = 0; // absolute sample index of buf[*][0]
  private length = 0;
  private nextStart: number;
  private candidates = 0;
  private readonly floorDb: [number, number] = [Infinity, Infinity];
  private decim: [number, number] = [0, 0];
  private decimN = 0;
  private readonly step: number;
  private phase = 0;
  private readonly out: EchoPairFeatures;
  private readonly re: [Float64Array, Float64Array];
  private readonly im: [Float64Array, Float64Array];
  private readonly pr: Float64Array;
  private readonly pi: Float64Array;

  constructor(
    private readonly inputRate: number,
    maxLagMs: number,
    private readonly activeAboveDbfs: number,
  ) {
    this.maxLag = Math.round((maxLagMs / 1000) * ECHO_RATE);
    this.size = 1 << Math.ceil(Math.log2(WINDOW + 2 * this.maxLag));
    this.fft = new Fft(this.size);
    this.step = ECHO_RATE;
    const cap = 4 * (WINDOW + 2 * this.maxLag + HOP);
    this.buf = [new Float32Array(cap), new Float32Array(cap)];
    this.nextStart = this.maxLag;
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
    this.re = [new Float64Array(this.size), new Float64Array(this.size)];
    this.im = [new Float64Array(this.size), new Float64Array(this.size)];
    this.pr = new Float64Array(this.size);
    this.pi = new Float64Array(this.size);
  }

  /** Speech-band samples of both channels at the input (analysis) rate, same length. */
  push(a: Float32Array, b: Float32Array, n: number): void {
    const sr = this.inputRate;
    for (let i = 0; i < n; i++) {
      this.decim[0] += a[i]!;
      this.decim[1] += b[i]!;
      this.decimN++;
      this.phase += this.step;
      if (this.phase >= sr) {
        this.phase -= sr;
        this.append(this.decim[0] / this.decimN, this.decim[1] / this.decimN);
        this.decim = [0, 0];
        this.decimN = 0;
      }
    }
  }

  private append(x0: number, x1: number): void {
    if (this.length === this.buf[0].length) this.compact();
    this.buf[0][this.length] = x0;
    this.buf[1][this.length] = x1;
    this.length++;
    while (this.base + this.length >= this.nextStart + WINDOW + this.maxLag) {
      this.window(this.nextStart);
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
    if (++this.candidates > DENSE_WINDOWS && this.candidates % 3 !== 0) return;

    const size = this.size;
    const [re0, re1] = this.re;
    const [im0, im1] = this.im;
    re0.fill(0);
    im0.fill(0);
    re1.fill(0);
    im1.fill(0);
    for (let n = 0; n < N; n++) re0[n] = x0[off + n]!;
    for (let n = 0; n < N + 2 * M; n++) re1[n] = x1[off - M + n]!;
    this.fft.transform(re0, im0);
    this.fft.transform(re1, im1);
    // Cross-spectrum conj(X0)·X1: plain in re1/im1, phase-only in pr/pi.
    const pr = this.pr;
    const pi = this.pi;
    for (let k = 0; k < size; k++) {
      const cr = re0[k]! * re1[k]! + im0[k]! * im1[k]!;
      const ci = re0[k]! * im1[k]! - im0[k]! * re1[k]!;
      const mag = Math.hypot(cr, ci) + 1e-20;
      pr[k] = cr / mag;
      pi[k] = ci / mag;
      re1[k] = cr;
      im1[k] = ci;
    }
    this.fft.transform(pr, pi, true);
    this.fft.transform(re1, im1, true);
    // Index k of the inverse holds lag k - M.
    const lags = 2 * M + 1;
    const top: { lag: number; phat: number }[] = [];
    for (let k = 0; k < lags; k++) {
      const v = pr[k]!;
      for (const c of [0, 1] as const) {
        if (!active[c]) continue;
        this.out.phat[c][k] = this.out.phat[c][k]! + v;
        this.out.cross[c][k] = this.out.cross[c][k]! + re1[k]!;
      }
      if (top.length < 3 || v > top[top.length - 1]!.phat) {
        top.push({ lag: k - M, phat: v });
        top.sort((p, q) => q.phat - p.phat);
        if (top.length > 3) top.pop();
      }
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
      peaks: top,
      energy: [e0, e1],
      cross: top.map((p) => re1[p.lag + M]!),
    });
  }

  finish(): EchoPairFeatures {
    return this.out;
  }
}

function growCopy(a: Float32Array): Float32Array {
  const b = new Float32Array(a.length * 2);
  b.set(a);
  return b;
}
