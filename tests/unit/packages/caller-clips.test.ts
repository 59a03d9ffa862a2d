/**
 * Caller clips are cut from the right channel at the right time, from any recording format the audio
 * layer decodes, and never longer than the recording.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutClips } from '../../../electron/main/packages/caller-clips';
import { ROOT, SAMPLES } from './package-fixtures';

const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length));

describe('caller clips', () => {
  it('takes the caller channel of a stereo mu-law call: speech where the caller talks, silence where only the agent does', async () => {
    const wav = join(SAMPLES, 'billing-dispute.wav');
    // Turn 3: the caller speaks 28599–32193 ms; the agent answers 33903–40228 ms on the other channel.
    const [caller, agentTime] = await cutClips(wav, 0, [{ key: 3, startMs: 28449, endMs: 32343 }, { key: 99, startMs: 34000, endMs: 40000 }]);
    expect(caller).toMatchObject({ key: 3, sampleRate: 8000, startMs: 28449 });
    expect(caller!.samples.length).toBe(Math.ceil(32.343 * 8000) - Math.floor(28.449 * 8000));
    expect(rms(caller!.samples)).toBeGreaterThan(0.01);
    expect(rms(agentTime!.samples)).toBeLessThan(rms(caller!.samples) / 10);
    const [agentChannel] = await cutClips(wav, 1, [{ key: 99, startMs: 34000, endMs: 40000 }]);
    expect(rms(agentChannel!.samples)).toBeGreaterThan(0.01);
  });

  it('decodes compressed recordings too (FLAC, MP3, Ogg Opus), and clips at the end of the recording', async () => {
    for (const name of ['call.flac', 'call.mp3', 'call-opus.ogg']) {
      const [c] = await cutClips(join(ROOT, 'tests/fixtures/audio-forensics/codecs', name), null, [{ key: 1, startMs: 500, endMs: 1500 }]);
      expect(c!.samples.length, name).toBe(Math.ceil(1.5 * c!.sampleRate) - Math.floor(0.5 * c!.sampleRate));
      const [tail] = await cutClips(join(ROOT, 'tests/fixtures/audio-forensics/codecs', name), null, [{ key: 2, startMs: 1000, endMs: 10_000_000 }]);
      expect(tail!.endMs, name).toBeLessThan(10_000_000);
      expect(tail!.samples.length).toBe(Math.round(((tail!.endMs - 1000) / 1000) * tail!.sampleRate));
    }
  });

  it('refuses a channel the recording does not have', async () => {
    await expect(cutClips(join(SAMPLES, 'billing-dispute.wav'), 5, [{ key: 1, startMs: 0, endMs: 100 }])).rejects.toThrow(/channel 5, the recording has 2/);
  });
});
