/**
 * A recording analysed as spans (each with its warm-up and echo tail) and joined must measure what one
 * pass over it measures: the same peaks, envelope and speech features frame for frame (a frame's energy
 * may differ by one centi-dB where the filters' warm-up state rounds differently), the same level, clipping
 * events (also a run cut by a span boundary), and the same echo estimate.
 */
import { describe, expect, it } from 'vitest';
import { ChannelGroup, type ChannelResult } from '../../../electron/main/audio/channel-group';
import { estimateEcho } from '../../../electron/main/audio/echo-estimate';
import { joinSpans, SpanAnalysis, spanGrid, warmUpFrames, type SpanSetup } from '../../../electron/main/audio/span-analysis';
import { plantedConversation } from './helpers/planted-call';

const CHANNEL = { clipLevel: 0.99, clipMinRun: 3, maxClipEvents: 2000 };
const ECHO = { maxLagMs: 500, sourceMinDbfs: -45 };

/** 8 kHz → `factor`× the rate by linear interpolation. */
function upsample(x: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(Math.floor(x.length * factor));
  for (let i = 0; i < out.length; i++) {
    const t = i / factor;
    const k = Math.floor(t);
    out[i] = x[k]! + (t - k) * ((x[k + 1] ?? x[k]!) - x[k]!);
  }
  return out;
}

/** Feeds `channels` in decoder-like chunks of `chunk` frames. */
function feed(push: (data: Float32Array[], n: number, at: number) => void, channels: Float32Array[], chunk: number, from = 0): void {
  const n = channels[0]!.length;
  for (let at = from; at < n; at += chunk) {
    const k = Math.min(chunk, n - at);
    push(channels.map((c) => c.subarray(at, at + k)), k, at);
  }
}

function onePass(channels: Float32Array[], rate: number): { results: ChannelResult[]; echo: ReturnType<ChannelGroup['finishEcho']> } {
  const all = channels.map((_, c) => c);
  const g = new ChannelGroup({ sampleRate: rate, channels: channels.length, channel: CHANNEL, mine: all, echo: channels.length >= 2 ? ECHO : null, expectedFrames: 0 });
  feed((d, n) => g.push(d, n), channels, 4608);
  return { results: g.finishChannels(), echo: g.finishEcho() };
}

function inSpans(channels: Float32Array[], rate: number, cuts: number[]): ReturnType<typeof joinSpans> {
  const setup: SpanSetup = { sampleRate: rate, channels: channels.length, channel: CHANNEL, echo: channels.length >= 2 ? ECHO : null };
  const grid = spanGrid(rate)!;
  const starts = [0, ...cuts];
  const spans = starts.map((from, k) => {
    const to = k + 1 < starts.length ? starts[k + 1]! : null;
    const warmFrom = Math.max(0, from - warmUpFrames(rate, grid));
    const span = new SpanAnalysis(setup, { warmFrom, from, to }, 0);
    // Each span's "decoder" starts a little before its warm-up, in chunks of another size.
    feed((d, n, at) => span.wants(at) && span.push(d, n, at), channels, 3000 + 7 * k, Math.max(0, warmFrom - 1234));
    return span.finish();
  });
  return joinSpans(spans, CHANNEL);
}

function maxDiff(a: Int16Array, b: Int16Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function expectSame(spans: ReturnType<typeof joinSpans>, one: ReturnType<typeof onePass>): void {
  for (const [c, r] of one.results.entries()) {
    const s = spans.results[c]!;
    const f = s.features;
    const g = r.features;
    expect(s.finestPeaks).toEqual(r.finestPeaks);
    expect(f.frames).toBe(g.frames);
    expect(f.sum).toBeCloseTo(g.sum, 6);
    expect(f.sumSquares / g.sumSquares).toBeCloseTo(1, 10);
    expect(f.peak).toBe(g.peak);
    expect(f.clippedSamples).toBe(g.clippedSamples);
    expect(f.clipEventCount).toBe(g.clipEventCount);
    expect(f.clipEvents).toEqual(g.clipEvents);
    expect(maxDiff(f.levelEnvelope, g.levelEnvelope)).toBe(0);
    expect(maxDiff(f.speechEnergy, g.speechEnergy)).toBeLessThanOrEqual(1);
    for (let b = 0; b < g.bandEnergy.length; b++) expect(maxDiff(f.bandEnergy[b]!, g.bandEnergy[b]!)).toBeLessThanOrEqual(1);
  }
  if (one.echo) {
    // A leak is found at the same delay and level. Where there is none, each span's noise floor (learnt
    // anew) picks slightly different windows, and the strongest of nothing moves: it stays nothing.
    const a = estimateEcho(spans.echo!);
    const b = estimateEcho(one.echo);
    expect(a.map((e) => e.source)).toEqual(b.map((e) => e.source));
    for (const [k, e] of b.entries()) {
      if (e.levelDb > -30) {
        expect(a[k]!.delayMs).toBe(e.delayMs);
        expect(a[k]!.levelDb).toBeCloseTo(e.levelDb, 0);
        expect(a[k]!.spans).toEqual(e.spans);
      } else expect(a[k]!.levelDb).toBeLessThan(-30);
    }
  }
}

describe('a recording analysed in spans and joined', () => {
  const conv = plantedConversation();

  it('has a grid for the usual rates, and none for rates below the analysis rate', () => {
    expect(spanGrid(48_000)).toBe(480);
    expect(spanGrid(16_000)).toBe(160);
    expect(spanGrid(8000)).toBe(80);
    expect(spanGrid(44_100)! % 441).toBe(0);
    expect(spanGrid(6000)).toBeNull();
  });

  it('48 kHz stereo with echo and clipping, three spans: what one pass measures', () => {
    const ch = [upsample(conv.caller, 6), upsample(conv.agent, 6)];
    const grid = spanGrid(48_000)!;
    // One cut inside the clipped caller utterance (20.5 s on), one elsewhere.
    const cuts = [Math.round((9.3 * 48_000) / grid) * grid, Math.round((20.9 * 48_000) / grid) * grid];
    const one = onePass(ch, 48_000);
    expect(one.results[0]!.features.clipEventCount).toBeGreaterThan(0);
    expect(estimateEcho(one.echo!).some((e) => e.source === 1 && e.delayMs === 150 && e.levelDb > -30)).toBe(true);
    expectSame(inSpans(ch, 48_000, cuts), one);
  });

  it('a clipping run cut by the span boundary is one event, as in one pass', () => {
    const rate = 16_000;
    const x = upsample(conv.agent, 2);
    const grid = spanGrid(rate)!;
    const cut = grid * 500;
    // Full scale from 2 samples before the cut to 3 after it (neither part alone is a run of 3)…
    for (let i = cut - 2; i < cut + 3; i++) x[i] = 1;
    // …and a long run that starts before the next cut and goes on after it.
    const cut2 = grid * 900;
    for (let i = cut2 - 40; i < cut2 + 60; i++) x[i] = -1;
    const one = onePass([x], rate);
    const spans = inSpans([x], rate, [cut, cut2]);
    expect(spans.results[0]!.features.clipEvents.some((e) => e.startSample === cut - 2 && e.samples === 5)).toBe(true);
    expect(spans.results[0]!.features.clipEvents.some((e) => e.startSample === cut2 - 40 && e.samples === 100)).toBe(true);
    expectSame(spans, one);
  });

  it('mono 44.1 kHz: the fractional decimator joins exactly too', () => {
    const x = upsample(conv.caller, 44_100 / 8000);
    const grid = spanGrid(44_100)!;
    const one = onePass([x], 44_100);
    expectSame(inSpans([x], 44_100, [grid * 3, grid * 7]), one);
  });
});
