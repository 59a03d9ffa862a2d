/**
 * The analysis's low-level pieces that replace plain JavaScript for speed must compute what it did:
 * - the SIMD statistics kernel (sample-stats.ts) against a plain loop, on every stretch length and
 *   alignment, with the values that trip SIMD code up (-0, NaN, infinities, full scale);
 * - the SIMD speech-band kernel (band-features.ts) against the same filters in plain JavaScript, to the bit;
 * - the SIMD decimation kernel (decimator.ts) against the same resampling in plain JavaScript, to the bit,
 *   and a channel's features the same whether it shares the kernel with another channel or not;
 * - the committed binaries are what their sources assemble to (scripts/build-kernels.mjs);
 * - the table logarithm (fast-log.ts) against Math.log10 over the energies' whole range.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BandFeatureStage, SUB_BANDS } from '../../../electron/main/audio/band-features';
import { ChannelAnalyzer } from '../../../electron/main/audio/channel-analyzer';
import { ChannelSet } from '../../../electron/main/audio/channel-set';
import { Decimator } from '../../../electron/main/audio/decimator';
import { designBand, designBiquad } from '../../../electron/main/audio/biquad';
import { log10 } from '../../../electron/main/audio/fast-log';
import { ZeroRuns, centiDb } from '../../../electron/main/audio/filter-rest';
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

});

/**
 * The speech-band filters written plainly: high-pass, then each band-pass on its output, one sample at a
 * time, each in direct form I with the feedback of the last output added last (the kernel's order).
 */
function plainSpeechBands(x: Float64Array, rate: number, featureLen: number): { signal: Float32Array; speech: number[]; bands: number[][] } {
  const hp = designBiquad('highpass', rate, 200);
  const bp = SUB_BANDS.map(([lo, hi]) => designBand(rate, lo, Math.min(hi, 0.45 * rate)));
  let [x1, x2, y1, y2] = [0, 0, 0, 0];
  const yb = bp.map(() => [0, 0]);
  const signal = new Float32Array(x.length);
  const out = { signal, speech: [] as number[], bands: bp.map(() => [] as number[]) };
  let es = 0;
  const eb = bp.map(() => 0);
  for (let i = 0; i < x.length; i++) {
    const s = hp.b0 * x[i]! + hp.b1 * x1 + hp.b2 * x2 - hp.a2 * y2 - hp.a1 * y1;
    bp.forEach((c, b) => {
      const y = c.b0 * s + c.b2 * y2 - c.a2 * yb[b]![1]! - c.a1 * yb[b]![0]!;
      yb[b] = [y, yb[b]![0]!];
      eb[b] = eb[b]! + y * y;
    });
    [x2, x1, y2, y1] = [x1, x[i]!, y1, s];
    signal[i] = s;
    es += s * s;
    if ((i + 1) % featureLen === 0) {
      out.speech.push(centiDb(es / featureLen));
      eb.forEach((e, b) => out.bands[b]!.push(centiDb(e / featureLen)));
      es = 0;
      eb.fill(0);
    }
  }
  return out;
}

describe('the SIMD speech-band kernel', () => {
  it('gives the plain filters\' signal and energies to the bit, over chunks of any size', () => {
    const rate = 8000;
    const x = new Float64Array(rate * 3);
    let seed = 5;
    for (let i = 0; i < x.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      x[i] = Math.sin(i / 7) * 0.2 + (seed / 2 ** 32 - 0.5) * 0.1;
    }
    const want = plainSpeechBands(x, rate, 40);
    const stage = new BandFeatureStage(rate, 40, 4096, 0);
    const signal = new Float32Array(x.length);
    const none = new ZeroRuns();
    for (let at = 0, k = 0; at < x.length; k++) {
      const n = Math.min(x.length - at, [4096, 333, 1000, 7][k % 4]!);
      stage.run(x.subarray(at, at + n), none, n);
      signal.set(stage.bandSignal.subarray(0, stage.bandSignalLength), at);
      at += n;
    }
    const got = stage.finish();
    expect(Buffer.compare(Buffer.from(signal.buffer), Buffer.from(want.signal.buffer))).toBe(0);
    expect(Array.from(got.speechEnergy)).toEqual(want.speech);
    got.bandEnergy.forEach((b, i) => expect(Array.from(b)).toEqual(want.bands[i]));
  });
});

/** The resampling as plain float64 JavaScript: block means, the low-pass twice (direct form I), then means by phase. */
function plainDecimate(x: Float32Array, inRate: number, outRate: number): number[] {
  const ratio = inRate % outRate === 0 ? inRate / outRate : 0;
  const pre = ratio > 2 && ratio % 2 === 0 ? ratio / 2 : 1;
  const midRate = inRate / pre;
  const { b0, b1, b2, a1, a2 } = designBiquad('lowpass', midRate, 0.45 * outRate);
  let [x1, x2, u1, u2, w1, w2, acc, accN, phase] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const out: number[] = [];
  for (let i = 0; i + pre <= x.length; i += pre) {
    let v = x[i]!;
    for (let j = 1; j < pre; j++) v += x[i + j]!;
    v *= 1 / pre;
    const u = b0 * v + b1 * x1 + b2 * x2 - a2 * u2 - a1 * u1;
    const w = b0 * u + b1 * u1 + b2 * u2 - a2 * w2 - a1 * w1;
    [x2, x1, u2, u1, w2, w1] = [x1, v, u1, u, w1, w];
    acc += w;
    accN++;
    phase += outRate;
    if (phase >= midRate) {
      out.push(acc / accN);
      phase -= midRate;
      acc = 0;
      accN = 0;
    }
  }
  return out;
}

describe('the SIMD decimation kernel', () => {
  for (const rate of [96_000, 48_000, 44_100, 32_000, 22_050, 16_000]) {
    it(`${rate} Hz: each lane is the plain resampling of its channel to the bit, over chunks that split blocks`, () => {
      const a = noise(rate, 3);
      const b = noise(rate, 4).map((v) => v * 0.3);
      const want = [plainDecimate(a, rate, 8000), plainDecimate(b, rate, 8000)];
      const d = new Decimator(rate, 8000, 4096);
      const got: number[][] = [[], []];
      const none = [new ZeroRuns(), new ZeroRuns()];
      for (let at = 0, k = 0; at < a.length; k++) {
        const n = Math.min(a.length - at, [4096, 1001, 7, 2999][k % 4]!);
        d.inputs[0].set(a.subarray(at, at + n));
        d.inputs[1].set(b.subarray(at, at + n));
        const m = d.run(n, none);
        for (const lane of [0, 1]) got[lane]!.push(...d.outputs[lane]!.subarray(0, m));
        at += n;
      }
      expect(got[0]).toEqual(want[0]);
      expect(got[1]).toEqual(want[1]);
    });
  }

  it('a channel gives the same features with or without a partner, digital silence in either included', () => {
    const rate = 48_000;
    const talk = noise(rate * 4, 9).map((v, i) => (Math.floor(i / rate) % 2 === 0 ? v * 0.2 : 0));
    const other = noise(rate * 4, 10).map((v, i) => (i > rate && i < 3 * rate ? 0 : v * 0.05));
    const options = { clipLevel: 0.99, clipMinRun: 3, maxClipEvents: 10 };
    const set = new ChannelSet(3, rate, options, 8192, 0);
    const alone = [talk, other, talk].map(() => new ChannelAnalyzer(rate, options, 8192));
    const channels = [talk, other, talk.map((v) => -v)];
    for (let at = 0; at < talk.length; at += 8192) {
      const n = Math.min(8192, talk.length - at);
      set.push((k) => channels[k]!.subarray(at, at + n), n);
      alone.forEach((a, k) => a.push(channels[k]!.subarray(at, at + n), n));
    }
    const paired = set.analyzers.map((a) => a.finish());
    paired.forEach((f, k) => expect(f).toEqual(alone[k]!.finish()));
    // Digital silence reads as silence in the bands (filters brought to rest, not left in denormals): 2 s in.
    expect(paired[1]!.bandEnergy[0]![400]).toBe(-12000);
  });
});

describe('the kernels\' binaries', () => {
  for (const name of ['sample-stats', 'speech-bands', 'complex-fft', 'decimator']) {
    it(`${name}: the committed module is what its .wat assembles to`, async () => {
      const wat = readFileSync(new URL(`${name}.wat`, KERNELS), 'utf8');
      const committed = readFileSync(new URL(`${name}-wasm.ts`, KERNELS), 'utf8');
      expect(await kernelModule(name, wat)).toBe(committed);
    });
  }
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
