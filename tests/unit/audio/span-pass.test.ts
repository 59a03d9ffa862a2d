/**
 * The pass split in time over threads (span-pass.ts) measures what one pass measures, on real files of
 * the containers it splits: the same length, hash, peaks, levels, clipping, speech segments and echo.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSignal } from '../../../electron/main/audio/analyze-recording';
import { summarizeSignal, type RecordingAudio } from '../../../electron/main/audio/recording-audio';
import { signalOptions } from '../../../electron/main/import/prepare-recording';
import { tempDir } from '../../helpers/call-fixture';
import { thresholds } from './helpers/analyze';
import { plantedConversation } from './helpers/planted-call';
import { makeWav } from './helpers/wav-variants';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));

async function bothWays(path: string, minSpanSeconds = 2): Promise<{ one: RecordingAudio; split: RecordingAudio; spans: number }> {
  const th = thresholds();
  const one = summarizeSignal(await analyzeSignal(path, signalOptions(th), { helper: 'never', vad: th.vad }), th.vad);
  const f = await analyzeSignal(path, signalOptions(th), { helper: 'always', vad: th.vad, minSpanSeconds });
  return { one, split: summarizeSignal(f, th.vad), spans: f.spans ?? 1 };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * `lsb`: how far a decoder started cold may still differ once settled, in int16 peak steps (mpg123's
 * filter bank carries float state that never quite matches, ±1 step; the other decoders match exactly).
 */
function expectSameMeasurements(split: RecordingAudio, one: RecordingAudio, lsb = 0): void {
  expect(split.frames).toBe(one.frames);
  expect(split.sha256).toBe(one.sha256);
  expect([split.codec, split.bitsPerSample, split.sampleRate, split.channels]).toEqual([one.codec, one.bitsPerSample, one.sampleRate, one.channels]);
  expect(split.peaks.map((p) => [p.channel, p.samplesPerPeak])).toEqual(one.peaks.map((p) => [p.channel, p.samplesPerPeak]));
  for (const [k, p] of one.peaks.entries()) expect(maxDiff(split.peaks[k]!.data, p.data)).toBeLessThanOrEqual(lsb);
  expect(split.decode).toEqual(one.decode);
  for (const [c, o] of one.channelAudio.entries()) {
    const s = split.channelAudio[c]!;
    expect(s.segments).toEqual(o.segments);
    expect(s.clipEvents).toEqual(o.clipEvents);
    expect(s.clipEventCount).toBe(o.clipEventCount);
    expect(s.rmsDbfs).toBeCloseTo(o.rmsDbfs, lsb ? 3 : 6);
    expect(s.peakDbfs).toBeCloseTo(o.peakDbfs, lsb ? 3 : 9);
    expect(s.snrDb ?? 0).toBeCloseTo(o.snrDb ?? 0, 1);
    expect(maxDiff(s.levelEnvelope, o.levelEnvelope)).toBeLessThanOrEqual(lsb ? 1 : 0);
  }
  const leaks = (r: RecordingAudio): number[][] => r.echo.filter((e) => e.levelDb > -30).map((e) => [e.source, e.delayMs, Math.round(e.levelDb) + 0]);
  expect(leaks(split)).toEqual(leaks(one));
}

describe('the pass split in time over threads', () => {
  const dir = tempDir();
  const conv = plantedConversation();

  it('48 kHz stereo WAV with echo, clipping and dead air: what one pass measures', async () => {
    const up = (x: Float32Array): Float32Array => Float32Array.from({ length: x.length * 6 }, (_, i) => x[Math.floor(i / 6)]!);
    const path = join(dir, 'planted-48k.wav');
    writeFileSync(path, makeWav([up(conv.caller), up(conv.agent)], 48_000, 's16'));
    const { one, split, spans } = await bothWays(path);
    expect(spans).toBeGreaterThanOrEqual(2);
    expect(one.echo.some((e) => e.delayMs === 150 && e.levelDb > -30)).toBe(true);
    expectSameMeasurements(split, one);
  });

  it('WAV as call centres and recorders write it: 8 kHz mu-law mono, 24-bit three-channel WAVE_FORMAT_EXTENSIBLE with odd chunks, no data size', async () => {
    const mulaw = join(dir, 'mulaw-8k.wav');
    writeFileSync(mulaw, makeWav([conv.caller], 8000, 'mulaw'));
    const up = (x: Float32Array): Float32Array => Float32Array.from({ length: x.length * 2 }, (_, i) => x[Math.floor(i / 2)]!);
    const three = join(dir, 's24-3ch-16k.wav');
    writeFileSync(three, makeWav([up(conv.caller), up(conv.agent), up(conv.agent).map((v) => v * 0.3)], 16_000, 's24', { extensible: true, oddChunks: true }));
    // A recorder that never went back to fill in the data size: the length comes from the file.
    const unsized = join(dir, 'unsized.wav');
    writeFileSync(unsized, makeWav([conv.caller, conv.agent], 8000, 's16', { zeroDataSize: true }));
    for (const path of [mulaw, three, unsized]) {
      const { one, split, spans } = await bothWays(path, 4);
      expect(spans).toBeGreaterThanOrEqual(2);
      expectSameMeasurements(split, one);
    }
  });

  it('FLAC, stereo and three channels: entry points found from the frame headers', async () => {
    for (const name of ['call.flac', 'call-3ch.flac']) {
      const { one, split, spans } = await bothWays(join(CODECS, name));
      expect(spans).toBeGreaterThanOrEqual(2);
      expectSameMeasurements(split, one);
    }
  });

  // 40 s calls (scripts/fixtures/audio/make-span-fixtures.sh), so spans start well inside the stream.
  it.each<[string, number, string]>([
    ['span-call.opus', 0, 'Ogg Opus: entry after the granule of the page before, decoder settled first'],
    ['span-call-vorbis.ogg', 0, 'Ogg Vorbis (44.1 kHz): granule plus the entry packet’s block sizes'],
    ['span-call-lame.mp3', 1, 'MP3 with a LAME tag: frame count less the gapless trim, padding cut at the end'],
    ['span-call-untagged.mp3', 1, 'MP3 without a tag (mono 44.1 kHz): frame count alone'],
  ])('%s (±%i) — %s', async (name, lsb) => {
    const { one, split, spans } = await bothWays(join(CODECS, name), 8);
    expect(spans).toBeGreaterThanOrEqual(2);
    expectSameMeasurements(split, one, lsb);
  });

  it('a file cut short or damaged mid-stream is not split: one pass reports it as before', async () => {
    for (const name of ['span-call.opus', 'span-call-lame.mp3', 'call.flac']) {
      const bytes = readFileSync(join(CODECS, name));
      const cut = join(dir, `cut-${name}`);
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      const damaged = join(dir, `damaged-${name}`);
      const d = Buffer.from(bytes);
      d.fill(0x55, Math.floor(d.length * 0.6), Math.floor(d.length * 0.6) + 4000);
      writeFileSync(damaged, d);
      for (const path of [cut, damaged]) {
        const { one, split, spans } = await bothWays(path, 2);
        expect(spans).toBe(1);
        expect(split).toEqual(one);
      }
    }
  });
});
