/**
 * The echo analysis's correlations (echo-analyzer.ts) against the definition, computed directly in the
 * time domain on the same 4 kHz signal: each window's plain correlation at its peak lags, and the sum over
 * each channel's active windows at every lag (which the analyzer gets from its summed cross-spectra, with
 * one inverse transform at the end instead of one per window). And the phase-transform peak sits at the
 * leak's planted delay.
 */
import { describe, expect, it } from 'vitest';
import { ECHO_RATE, EchoAnalyzer } from '../../../electron/main/audio/echo-analyzer';

const RATE = 8000;
const DELAY_MS = 120;

/** Channel 0: bursts of noise (a talker); channel 1: its leak 120 ms later at -10 dB, plus its own hiss. */
function pair(seconds: number): [Float32Array, Float32Array] {
  const n = RATE * seconds;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  let seed = 11;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const d = (DELAY_MS / 1000) * RATE;
  for (let i = 0; i < n; i++) if (Math.floor(i / (1.5 * RATE)) % 2 === 0) a[i] = 0.5 * rand();
  for (let i = 0; i < n; i++) b[i] = (i >= d ? 0.3 * a[i - d]! : 0) + 0.002 * rand();
  return [a, b];
}

/** The analyzer's own 4 kHz signal: pairs averaged, kept as float32. */
const at4k = (x: Float32Array): Float32Array => {
  const out = new Float32Array(x.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (x[2 * i]! + x[2 * i + 1]!) / 2;
  return out;
};

describe('the echo analysis', () => {
  it('sums the plain correlation of the active windows at every lag, and finds the leak at its delay', () => {
    const [a, b] = pair(40);
    const maxLagMs = 500;
    const echo = new EchoAnalyzer(RATE, maxLagMs, -45);
    for (let i = 0; i < a.length; i += 3000) {
      const n = Math.min(3000, a.length - i);
      echo.push(a.subarray(i, i + n), b.subarray(i, i + n), n);
    }
    const f = echo.finish();
    const t0 = at4k(a);
    const t1 = at4k(b);
    const M = Math.round((maxLagMs / 1000) * ECHO_RATE);
    const N = ECHO_RATE;
    const direct = (start: number, lag: number): number => {
      let s = 0;
      for (let n = 0; n < N; n++) s += t0[start + n]! * t1[start + n + lag]!;
      return s;
    };
    expect(f.windows.length).toBeGreaterThan(5);
    for (const w of f.windows) {
      const start = Math.round((w.startMs / 1000) * ECHO_RATE);
      w.peaks.forEach((p, k) => expect(w.cross[k]).toBeCloseTo(direct(start, p.lag), 9));
    }
    for (const c of [0, 1] as const) {
      const active = f.windows.filter((w) => w.active[c]);
      expect(f.windowCount[c]).toBe(active.length);
      for (const lag of [-M, -317, 0, DELAY_MS * 4, 481, M]) {
        const want = active.reduce((s, w) => s + direct(Math.round((w.startMs / 1000) * ECHO_RATE), lag), 0);
        expect(f.cross[c][lag + M]!).toBeCloseTo(want, 8);
      }
    }
    // Channel 0 is the source: its summed phase transform peaks at the planted delay (channel 1 lags).
    const phat = f.phat[0];
    let best = 0;
    for (let k = 1; k < phat.length; k++) if (phat[k]! > phat[best]!) best = k;
    expect(best - M).toBe((DELAY_MS / 1000) * ECHO_RATE);
  });
});
