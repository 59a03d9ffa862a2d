/**
 * The analysis's low-level pieces that replace plain JavaScript for speed must compute what it did:
 * - the SIMD statistics kernel (sample-stats.ts) against a plain loop, on every stretch length and
 *   alignment, with the values that trip SIMD code up (-0, NaN, infinities, full scale);
 * - its committed binary is what its source assembles to (scripts/build-kernels.mjs);
 * - the table logarithm (fast-log.ts) against Math.log10 over the energies' whole range.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { log10 } from '../../../electron/main/audio/fast-log';
import { SampleStats } from '../../../electron/main/audio/sample-stats';
// @ts-expect-error: a plain .mjs build script, without types
import { kernelModule } from '../../../scripts/build-kernels.mjs';

const KERNELS = new URL('../../../electron/main/audio/kernels/', import.meta.url);

function plain(x: Float32Array, from: number, n: number): [number, number, number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  let sq = 0;
  for (let i = from; i < from + n; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v;
    sq += v * v;
  }
  return [lo, hi, sum, sq];
}

function noise(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    x[i] = (s / 2 ** 32 - 0.5) * 1.8;
  }
  return x;
}

describe('the SIMD statistics kernel', () => {
  it('gives the least and greatest sample exactly and the sums to rounding, on every length and offset', () => {
    const x = noise(4096, 3);
    const k = new SampleStats(x.length);
    k.load(x, x.length);
    for (let from = 0; from < 11; from++) {
      for (let n = 1; n <= 70; n++) {
        k.measure(from, n);
        const [lo, hi, sum, sq] = plain(x, from, n);
        expect([k.result[0], k.result[1]]).toEqual([lo, hi]);
        expect(k.result[2]).toBeCloseTo(sum, 12);
        expect(k.result[3]).toBeCloseTo(sq, 12);
      }
    }
    // A whole chunk, and the same stretch twice gives the same bits.
    k.measure(0, x.length);
    const first = Array.from(k.result);
    k.measure(0, x.length);
    expect(Array.from(k.result)).toEqual(first);
    expect(first[2]).toBeCloseTo(plain(x, 0, x.length)[2], 10);
  });

  it('reads exact zeros as zeros, full scale as full scale, and passes over NaN', () => {
    const k = new SampleStats(64);
    const zeros = new Float32Array(37);
    zeros[5] = -0;
    k.load(zeros, zeros.length);
    k.measure(0, 37);
    expect(Array.from(k.result)).toEqual([0, 0, 0, 0]);

    const x = new Float32Array(29).fill(0.25);
    x[3] = 1;
    x[17] = -1;
    x[9] = NaN;
    x[26] = NaN; // in the one-at-a-time tail
    k.load(x, x.length);
    k.measure(0, 29);
    expect([k.result[0], k.result[1]]).toEqual([-1, 1]);
    expect(Number.isNaN(k.result[2])).toBe(true);

    const inf = new Float32Array(16).fill(0.5);
    inf[2] = Infinity;
    inf[13] = -Infinity;
    k.load(inf, inf.length);
    k.measure(0, 16);
    expect([k.result[0], k.result[1]]).toEqual([-Infinity, Infinity]);
  });

  it('holds chunks larger than its first memory page, loaded from a longer array', () => {
    const x = noise(100_000, 9);
    const k = new SampleStats(70_000);
    k.load(x, 70_000);
    k.measure(69_000, 1000);
    const [lo, hi, sum] = plain(x, 69_000, 1000);
    expect([k.result[0], k.result[1]]).toEqual([lo, hi]);
    expect(k.result[2]).toBeCloseTo(sum, 10);
  });

  it('is built from its source: the committed module is what the .wat assembles to', async () => {
    const wat = readFileSync(new URL('sample-stats.wat', KERNELS), 'utf8');
    const committed = readFileSync(new URL('sample-stats-wasm.ts', KERNELS), 'utf8');
    expect(await kernelModule('sample-stats', wat)).toBe(committed);
  });
});

describe('the table logarithm', () => {
  it('is within 1e-8 dB of Math.log10 from digital silence to far above full scale', () => {
    let worst = 0;
    for (let e = -13; e <= 3; e += 0.0007) {
      const x = 10 ** e * (1 + Math.sin(e * 977) * 0.01);
      worst = Math.max(worst, Math.abs(10 * log10(x) - 10 * Math.log10(x)));
    }
    expect(worst).toBeLessThan(1e-8 * 10);
    // Powers of two and the table's own steps are exact points of the interpolation.
    for (const x of [1, 2, 0.5, 1024, 2 ** -40, 1 + 1 / 4096]) expect(log10(x)).toBeCloseTo(Math.log10(x), 14);
  });

  it('leaves what is not a positive normal number to Math.log10', () => {
    expect(log10(0)).toBe(-Infinity);
    expect(Number.isNaN(log10(-1))).toBe(true);
    expect(Number.isNaN(log10(NaN))).toBe(true);
    expect(log10(Infinity)).toBe(Infinity);
    expect(log10(5e-324)).toBe(Math.log10(5e-324));
  });
});
