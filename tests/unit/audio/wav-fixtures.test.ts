/**
 * The shared WAV reader fixtures (tests/fixtures/audio/, made by scripts/fixtures/make-audio-fixtures.sh,
 * values measured with sox/ffmpeg in manifest.json) through the audio analysis pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSignal } from '../../../electron/main/audio/analyze-recording';
import { AudioFormatError } from '../../../electron/main/audio/audio-error';

const DIR = fileURLToPath(new URL('../../fixtures/audio/', import.meta.url));

interface Entry {
  file: string;
  expect: 'ok' | 'truncated' | 'not_wav';
  codec: string | null;
  sampleRate: number | null;
  channels: number | null;
  frames: number | null;
  durationMs: number | null;
  peakAbs: number[];
}

const manifest = existsSync(`${DIR}manifest.json`) ? (JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as { files: Entry[] }).files : [];

describe.skipIf(manifest.length === 0)('shared WAV fixtures (manifest.json)', () => {
  for (const f of manifest) {
    it(`${f.file}: ${f.expect}`, async () => {
      const path = `${DIR}${f.file}`;
      if (f.expect === 'ok') {
        const s = await analyzeSignal(path);
        expect({ codec: s.codec, sampleRate: s.sampleRate, channels: s.channels, frames: s.frames }).toEqual({
          codec: f.codec, sampleRate: f.sampleRate, channels: f.channels, frames: f.frames,
        });
        expect(s.durationMs).toBeCloseTo(f.durationMs!, 2);
        // Peak magnitude per channel from the finest stored peaks (int16-scaled, so within 1e-4 + G.711 steps).
        const finest = s.peaks.filter((p) => p.samplesPerPeak === s.peaks[0]!.samplesPerPeak);
        finest.forEach((p, c) => {
          let m = 0;
          for (const v of p.data) m = Math.max(m, Math.abs(v) / 32767);
          expect(Math.abs(m - f.peakAbs[c]!)).toBeLessThan(2e-3);
        });
      } else if (f.expect === 'truncated') {
        await expect(analyzeSignal(path)).rejects.toThrow(/truncated: the data chunk declares/);
      } else {
        // An MP3 named .wav is not refused: it is decoded as what it is.
        const s = await analyzeSignal(path).catch((e: unknown) => e);
        if (s instanceof AudioFormatError) expect(s.message).toMatch(/not a recording|cannot be decoded/);
        else expect((s as { codec: string }).codec).toBe('mp3');
      }
    });
  }
});
