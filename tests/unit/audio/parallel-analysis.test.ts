/**
 * The speed work on the streaming analysis must not change what it measures:
 * - split over two threads (parallel-analysis.ts), the result is exactly the one-thread result, whatever
 *   the codec, channel count or which thread analyses which channel;
 * - the per-channel analyzer (three tight loops, filters brought to rest in digital silence and skipped
 *   there) gives the features of the straightforward one-sample-at-a-time algorithm it replaced;
 * - the pieces it is built from (FFTs, pre-sized feature storage) compute what they say.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSignal } from '../../../electron/main/audio/analyze-recording';
import { designBand, designBiquad } from '../../../electron/main/audio/biquad';
import { ChannelAnalyzer, SUB_BANDS } from '../../../electron/main/audio/channel-analyzer';
import { Fft, RealFft } from '../../../electron/main/audio/fft';
import { GrowableInt16, powerToDb, toCentiDb } from '../../../electron/main/audio/growable';
import { summarizeSignal } from '../../../electron/main/audio/recording-audio';
import { signalOptions } from '../../../electron/main/import/prepare-recording';
import { tempDir } from '../../helpers/call-fixture';
import { thresholds } from './helpers/analyze';
import { plantedConversation } from './helpers/planted-call';
import { makeWav } from './helpers/wav-variants';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));

/** 8 kHz → `factor`× the rate by holding each sample (content for a higher-rate file; exactness is not the point). */
function upsample(x: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(x.length * factor);
  for (let i = 0; i < out.length; i++) out[i] = x[Math.floor(i / factor)]!;
  return out;
}

async function bothWays(path: string): Promise<void> {
  const th = thresholds();
  const one = summarizeSignal(await analyzeSignal(path, signalOptions(th), { helper: 'never', vad: th.vad }), th.vad);
  const two = summarizeSignal(await analyzeSignal(path, signalOptions(th), { helper: 'always', vad: th.vad }), th.vad);
  expect(two).toEqual(one);
}

describe('the analysis split over two threads', () => {
  const dir = tempDir();
  const conv = plantedConversation();

  it('stereo Opus: every channel on the helper, same result as on one thread', async () => {
    await bothWays(join(CODECS, 'call-opus.ogg'));
  });

  it('3-channel FLAC: same result', async () => {
    await bothWays(join(CODECS, 'call-3ch.flac'));
  });

  it('stereo 48 kHz WAV with echo and clipping: one channel on each thread, the echo from both, same result', async () => {
    const path = join(dir, 'planted-48k.wav');
    writeFileSync(path, makeWav([upsample(conv.caller, 6), upsample(conv.agent, 6)], 48_000, 's16'));
    await bothWays(path);
  });

  it('4-channel 16 kHz WAV: the echo channels both analysed on the reading thread, same result', async () => {
    const path = join(dir, 'four.wav');
    const c = upsample(conv.caller, 2);
    const a = upsample(conv.agent, 2);
    writeFileSync(path, makeWav([c, a, a.map((v) => v * 0.5), c.map((v) => -v)], 16_000, 's16'));
    await bothWays(path);
  });

  it('mono 44.1 kHz float WAV: same result', async () => {
    const path = join(dir, 'mono-44k.wav');
    const x = upsample(conv.agent, 6).subarray(0, Math.floor((conv.agent.length * 44_100) / 8000));
    writeFileSync(path, makeWav([x], 44_100, 'f32'));
    await bothWays(path);
  });
});

/**
 * The per-channel analysis as it was written first: one loop, one sample at a time, every filter on every
 * sample (ChannelAnalyzer before the speed work), for level, envelope and band features. One change since:
 * at whole even ratios above 2 (48 kHz: 6) blocks of half the ratio are averaged before the anti-alias
 * low-pass, which then runs at twice the analysis rate (decimator.ts).
 */
function reference(x: Float32Array, sampleRate: number): { sumSquares: number; envelope: number[]; speech: number[]; bands: number[][] } {
  const ar = Math.min(sampleRate, 8000);
  const step = (c: { b0: number; b1: number; b2: number; a1: number; a2: number }, z: number[], v: number): number => {
    const y = c.b0 * v + z[0]!;
    z[0] = c.b1 * v - c.a1 * y + z[1]!;
    z[1] = c.b2 * v - c.a2 * y;
    return y;
  };
  const ratio = sampleRate % ar === 0 ? sampleRate / ar : 0;
  const pre = ratio > 2 && ratio % 2 === 0 ? ratio / 2 : 1;
  const midRate = sampleRate / pre;
  const lp = sampleRate > ar ? designBiquad('lowpass', midRate, 0.45 * ar) : null;
  const hp = designBiquad('highpass', ar, 200);
  const bands = SUB_BANDS.map(([lo, hi]) => designBand(ar, lo, Math.min(hi, 0.45 * ar)));
  const s1 = [0, 0];
  const s2 = [0, 0];
  const sh = [0, 0];
  const sb = bands.map(() => [0, 0]);
  const envelopeLen = Math.round(sampleRate / 100);
  const featureLen = Math.round(ar / 200);
  const out = { sumSquares: 0, envelope: [] as number[], speech: [] as number[], bands: bands.map(() => [] as number[]) };
  let envAcc = 0;
  let envN = 0;
  let phase = 0;
  let blockAcc = 0;
  let blockN = 0;
  let acc = 0;
  let accN = 0;
  let speechAcc = 0;
  const bandAcc = bands.map(() => 0);
  let featureN = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out.sumSquares += v * v;
    envAcc += v * v;
    if (++envN === envelopeLen) {
      out.envelope.push(toCentiDb(powerToDb(envAcc / envN)));
      envAcc = 0;
      envN = 0;
    }
    blockAcc += v;
    if (++blockN < pre) continue;
    const m = blockAcc / pre;
    blockAcc = 0;
    blockN = 0;
    acc += lp ? step(lp, s2, step(lp, s1, m)) : m;
    accN++;
    phase += ar;
    if (phase < midRate) continue;
    phase -= midRate;
    const s = step(hp, sh, acc / accN);
    acc = 0;
    accN = 0;
    speechAcc += s * s;
    bands.forEach((c, b) => {
      const y = step(c, sb[b]!, s);
      bandAcc[b] = bandAcc[b]! + y * y;
    });
    if (++featureN === featureLen) {
      out.speech.push(toCentiDb(powerToDb(speechAcc / featureN)));
      bands.forEach((_, b) => {
        out.bands[b]!.push(toCentiDb(powerToDb(bandAcc[b]! / featureN)));
        bandAcc[b] = 0;
      });
      speechAcc = 0;
      featureN = 0;
    }
  }
  if (envN > 0) out.envelope.push(toCentiDb(powerToDb(envAcc / envN)));
  return out;
}

/** Speech-like bursts, noise, and long stretches of digital silence (where the filters come to rest). */
function testSignal(rate: number, seconds: number): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  for (let i = 0; i < x.length; i++) {
    const t = i / rate;
    const part = Math.floor(t) % 4; // speech, silence, noise, silence
    if (part === 0) x[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t) * Math.sin(2 * Math.PI * 3 * t) + 0.2 * Math.sin(2 * Math.PI * 1300 * t) * Math.sin(2 * Math.PI * 5 * t);
    else if (part === 2) x[i] = 0.01 * rand();
  }
  return x;
}

describe('the per-channel analyzer', () => {
  for (const rate of [96_000, 48_000, 44_100, 32_000, 16_000, 8000]) {
    it(`${rate} Hz: the features of the one-sample-at-a-time algorithm, silence included`, () => {
      const x = testSignal(rate, 12.3);
      const ref = reference(x, rate);
      const a = new ChannelAnalyzer(rate, { clipLevel: 0.99, clipMinRun: 3, maxClipEvents: 10 }, 1 << 16);
      // Odd chunk sizes, as decoders hand them over.
      for (let at = 0, k = 0; at < x.length; k++) {
        const n = Math.min(x.length - at, [4096, 1000, 65_536, 777][k % 4]!);
        a.push(x.subarray(at, at + n), n);
        at += n;
      }
      const f = a.finish();
      // Summed in another order (eight lanes per stretch, stretch by stretch): equal to rounding.
      expect(Math.abs(f.sumSquares - ref.sumSquares)).toBeLessThan(1e-12 * ref.sumSquares);
      expect(Array.from(f.levelEnvelope)).toEqual(ref.envelope);
      // The filters' sums are grouped differently (see channel-analyzer.ts): the same to the last centi-dB
      // but for a rounding tie now and then.
      for (const [got, want] of [[f.speechEnergy, ref.speech], ...f.bandEnergy.map((b, i) => [b, ref.bands[i]!] as const)] as const) {
        expect(got.length).toBe(want.length);
        let differ = 0;
        for (let i = 0; i < want.length; i++) {
          expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1);
          if (got[i] !== want[i]) differ++;
        }
        expect(differ).toBeLessThanOrEqual(want.length / 1000);
      }
      // Digital silence reads as silence (the 1e-12 floor), not as denormal leftovers of the filters.
      const silentFrame = Math.round(1.5 * 200);
      expect(f.bandEnergy[3]![silentFrame]).toBe(-12000);
    });
  }
});

describe('building blocks', () => {
  it('complex and real FFTs match a direct DFT, and invert', () => {
    const n = 64;
    const x = new Float32Array(n);
    for (let i = 0; i < 40; i++) x[i] = Math.sin(i * 0.9) + (i % 7) / 10;
    const dft = (k: number): [number, number] => {
      let re = 0;
      let im = 0;
      for (let t = 0; t < n; t++) {
        re += x[t]! * Math.cos((-2 * Math.PI * k * t) / n);
        im += x[t]! * Math.sin((-2 * Math.PI * k * t) / n);
      }
      return [re, im];
    };
    // The complex transform works in place on interleaved (re, im) pairs.
    const fft = new Fft(n);
    fft.data.fill(0);
    x.forEach((v, t) => (fft.data[2 * t] = v));
    fft.run();
    const re = fft.data.filter((_, i) => i % 2 === 0);
    const im = fft.data.filter((_, i) => i % 2 === 1);
    const R = new Float64Array(n / 2 + 1);
    const I = new Float64Array(n / 2 + 1);
    const real = new RealFft(n);
    real.forward(x, 0, 40, R, I);
    for (let k = 0; k <= n / 2; k++) {
      const [a, b] = dft(k);
      expect(re[k]).toBeCloseTo(a, 10);
      expect(im[k]).toBeCloseTo(b, 10);
      expect(R[k]).toBeCloseTo(a, 10);
      expect(I[k]).toBeCloseTo(b, 10);
    }
    fft.run(true);
    const back = new Float64Array(n);
    real.inverse(R, I, back);
    for (let t = 0; t < n; t++) {
      expect(fft.data[2 * t]).toBeCloseTo(x[t]!, 12);
      expect(fft.data[2 * t + 1]).toBeCloseTo(0, 12);
      expect(back[t]).toBeCloseTo(x[t]!, 12);
    }
    // A real transform of zeros is exactly zero (no leakage from an earlier transform).
    real.forward(new Float32Array(n), 0, n, R, I);
    expect(R.every((v) => v === 0) && I.every((v) => v === 0)).toBe(true);
  });

  it('feature storage sized in advance holds exactly what was pushed, whether the size was right, short or long', () => {
    for (const [expected, pushed] of [[200_000, 200_000], [200_000, 150_000], [100_000, 250_000], [0, 70_000]] as const) {
      const g = new GrowableInt16(expected);
      for (let i = 0; i < pushed; i++) g.push(i % 30_000);
      const a = g.toArray();
      expect(a.length).toBe(pushed);
      expect(a[pushed - 1]).toBe((pushed - 1) % 30_000);
      expect(a.every((v, i) => v === i % 30_000)).toBe(true);
    }
  });
});
