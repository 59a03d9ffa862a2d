import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/call-fixture';
import { encodeWav } from '../../helpers/wav-writer';
import { analyzeFile } from './helpers/analyze';
import { addNoise, buildConversation, noise } from './helpers/conversation';

const RATE = 8000;
const dir = tempDir();

async function segmentsOf(channels: Float32Array[], name: string): Promise<{ startMs: number; endMs: number }[][]> {
  const path = join(dir, `${name}.wav`);
  writeFileSync(path, encodeWav(channels, RATE));
  return (await analyzeFile(path)).channelAudio.map((c) => c.segments);
}

describe('speech activity', () => {
  it('finds nothing in steady noise, hum or silence, at any level', async () => {
    const n = RATE * 12;
    const hiss = noise(n, 5).map((v) => v * 0.1); // -20 dBFS white noise
    const pink = noise(n, 6, 'pink').map((v) => v * 0.03);
    const hum = new Float32Array(n).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 60 * i) / RATE) + 0.05 * Math.sin((2 * Math.PI * 180 * i) / RATE));
    const silence = new Float32Array(n);
    const segs = await segmentsOf([hiss, pink, hum, silence], 'steady');
    expect(segs).toEqual([[], [], [], []]);
  });

  it('finds each utterance in 10 dB noise, and only those', async () => {
    const conv = buildConversation(16_000, [{ snippet: 'caller-1', atMs: 1000 }, { snippet: 'caller-3', atMs: 9000 }], []);
    addNoise(conv.caller, conv.callerSpeech, 10, 42, 'pink');
    const [segs] = await segmentsOf([conv.caller], 'noisy');
    // Each utterance is one or more segments inside its extent (±60 ms); nothing elsewhere.
    for (const s of segs!) expect(conv.callerSpeech.some((u) => s.startMs >= u.startMs - 60 && s.endMs <= u.endMs + 60)).toBe(true);
    for (const u of conv.callerSpeech) expect(segs!.some((s) => s.startMs < u.endMs && s.endMs > u.startMs)).toBe(true);
  });

  it('follows a background that gets louder part way (adaptive floor)', async () => {
    const conv = buildConversation(30_000, [{ snippet: 'caller-2', atMs: 4000 }, { snippet: 'caller-4', atMs: 24_000 }], []);
    const bg = noise(conv.caller.length, 9, 'pink');
    // Background rising 15 dB over 10 s (a room filling up); speech stays well above it.
    const gain = (i: number): number => 0.003 * 10 ** ((15 / 20) * Math.min(1, Math.max(0, (i / RATE - 10) / 10)));
    for (let i = 0; i < bg.length; i++) conv.caller[i] = conv.caller[i]! + bg[i]! * gain(i);
    const [segs] = await segmentsOf([conv.caller], 'ramp');
    expect(segs!.length).toBeGreaterThanOrEqual(2);
    for (const s of segs!) expect(conv.callerSpeech.some((u) => s.startMs >= u.startMs - 60 && s.endMs <= u.endMs + 60)).toBe(true);
  });

  it('measures SNR close to the SNR it was mixed at', async () => {
    const conv = buildConversation(12_000, [{ snippet: 'caller-1', atMs: 1000 }, { snippet: 'caller-2', atMs: 6000 }], []);
    addNoise(conv.caller, conv.callerSpeech, 15, 77, 'white');
    const path = join(dir, 'snr.wav');
    writeFileSync(path, encodeWav([conv.caller], RATE));
    const rec = await analyzeFile(path);
    expect(rec.channelAudio[0]!.snrDb).toBeGreaterThan(12);
    expect(rec.channelAudio[0]!.snrDb).toBeLessThan(18);
  });
});
