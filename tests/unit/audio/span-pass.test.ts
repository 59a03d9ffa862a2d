/**
 * The pass split in time over threads (span-pass.ts) measures what one pass measures, on real files of
 * the containers it splits: the same length, hash, peaks, levels, clipping, speech segments and echo.
 */
import { writeFileSync } from 'node:fs';
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

async function bothWays(path: string): Promise<{ one: RecordingAudio; split: RecordingAudio; spans: number }> {
  const th = thresholds();
  const one = summarizeSignal(await analyzeSignal(path, signalOptions(th), { helper: 'never', vad: th.vad }), th.vad);
  const f = await analyzeSignal(path, signalOptions(th), { helper: 'always', vad: th.vad, minSpanSeconds: 2 });
  return { one, split: summarizeSignal(f, th.vad), spans: f.spans ?? 1 };
}

function expectSameMeasurements(split: RecordingAudio, one: RecordingAudio): void {
  expect(split.frames).toBe(one.frames);
  expect(split.sha256).toBe(one.sha256);
  expect(split.peaks).toEqual(one.peaks);
  expect(split.decode).toEqual(one.decode);
  for (const [c, o] of one.channelAudio.entries()) {
    const s = split.channelAudio[c]!;
    expect(s.segments).toEqual(o.segments);
    expect(s.clipEvents).toEqual(o.clipEvents);
    expect(s.clipEventCount).toBe(o.clipEventCount);
    expect(s.rmsDbfs).toBeCloseTo(o.rmsDbfs, 6);
    expect(s.peakDbfs).toBe(o.peakDbfs);
    expect(s.snrDb ?? 0).toBeCloseTo(o.snrDb ?? 0, 1);
    expect(s.levelEnvelope).toEqual(o.levelEnvelope);
  }
  expect(split.echo.filter((e) => e.levelDb > -30).map((e) => [e.source, e.delayMs, Math.round(e.levelDb)])).toEqual(
    one.echo.filter((e) => e.levelDb > -30).map((e) => [e.source, e.delayMs, Math.round(e.levelDb)]),
  );
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

  it('FLAC, stereo and three channels: entry points found from the frame headers', async () => {
    for (const name of ['call.flac', 'call-3ch.flac']) {
      const { one, split, spans } = await bothWays(join(CODECS, name));
      expect(spans).toBeGreaterThanOrEqual(2);
      expectSameMeasurements(split, one);
    }
  });
});
