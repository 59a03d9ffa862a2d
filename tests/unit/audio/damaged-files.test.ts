/**
 * Damaged recordings of every codec, made many ways from the fixtures (seeded, so a failure can be
 * replayed): bytes flipped in the header or the audio, stretches zeroed, the file cut anywhere, pieces
 * repeated. Each must come back as a result (its problems said, when it decoded only in part) or as an
 * AudioFormatError naming the file: never another exception, a hang, or a result that claims to be whole
 * while samples the container declares are missing. Also split in time, which must give up cleanly.
 * Two seeds per kind of damage here; DAMAGE_SEEDS=12 (480 files) for a longer hunt, which passes too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSignal, DEFAULT_SIGNAL_OPTIONS } from '../../../electron/main/audio/analyze-recording';
import { AudioFormatError } from '../../../electron/main/audio/audio-error';
import { tempDir } from '../../helpers/call-fixture';
import { plantedConversation } from './helpers/planted-call';
import { makeWav } from './helpers/wav-variants';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));
const FILES = ['call.mp3', 'call-opus.ogg', 'call-vorbis.ogg', 'call.flac', 'silence-gaps.flac', 'span-call.opus', 'span-call-lame.mp3', 'tagged-mp3.wav'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** Ways to damage a file, each from one random stream. */
const DAMAGE: Record<string, (b: Buffer, r: () => number) => Buffer> = {
  'bytes flipped in the first 2 KB': (b, r) => {
    const d = Buffer.from(b);
    for (let k = 0; k < 6; k++) d[Math.floor(r() * Math.min(2048, d.length))]! ^= 1 + Math.floor(r() * 255);
    return d;
  },
  'bytes flipped all over': (b, r) => {
    const d = Buffer.from(b);
    for (let k = 0; k < 40; k++) d[Math.floor(r() * d.length)]! ^= 1 + Math.floor(r() * 255);
    return d;
  },
  'a stretch zeroed': (b, r) => {
    const d = Buffer.from(b);
    const at = Math.floor(r() * d.length);
    d.fill(0, at, Math.min(d.length, at + 1 + Math.floor(r() * 4000)));
    return d;
  },
  'cut anywhere': (b, r) => b.subarray(0, 1 + Math.floor(r() * (b.length - 1))),
  'a piece repeated': (b, r) => {
    const at = Math.floor(r() * b.length);
    const len = 1 + Math.floor(r() * 3000);
    return Buffer.concat([b.subarray(0, at + len), b.subarray(at)]);
  },
};

async function outcome(path: string, split: boolean): Promise<string> {
  try {
    const s = await analyzeSignal(path, DEFAULT_SIGNAL_OPTIONS, split ? { spanThreads: 2, minSpanSeconds: 2 } : {});
    // A whole result must be whole: nothing the container declares is missing.
    if (s.decode.complete) expect(s.decode.problems).toEqual([]);
    else expect(s.decode.problems.length).toBeGreaterThan(0);
    expect(Number.isFinite(s.durationMs)).toBe(true);
    return s.decode.complete ? 'whole' : 'partial';
  } catch (err) {
    if (!(err instanceof AudioFormatError)) throw new Error(`${path}: ${(err as Error).stack}`);
    expect(err.message).toContain(path);
    return 'refused';
  }
}

/** WAV as it comes: 16-bit stereo, 24-bit in an extensible header, mu-law (the planted call, 8 kHz). */
function wavs(): Record<string, Buffer> {
  const c = plantedConversation();
  return {
    'planted-s16.wav': makeWav([c.caller, c.agent], 8000, 's16'),
    'planted-s24-extensible.wav': makeWav([c.caller, c.agent], 8000, 's24', { extensible: true }),
    'planted-mulaw.wav': makeWav([c.caller, c.agent], 8000, 'mulaw'),
  };
}

describe('damaged recordings', () => {
  const dir = tempDir();
  const generated = wavs();
  for (const file of [...FILES, ...Object.keys(generated)]) {
    it(`${file}: every kind of damage gives a result or a clear refusal`, async () => {
      const original = generated[file] ?? readFileSync(join(CODECS, file));
      const seen = new Set<string>();
      let n = 0;
      for (const [kind, damage] of Object.entries(DAMAGE)) {
        for (let seed = 1; seed <= Number(process.env.DAMAGE_SEEDS ?? 2); seed++) {
          const path = join(dir, `${kind.replace(/\W+/g, '-')}-${seed}-${file}`);
          writeFileSync(path, damage(original, rng(seed * 7919 + n++)));
          seen.add(await outcome(path, seed === 2));
        }
      }
      // Damage is noticed at least sometimes (a test that could never see it would prove nothing).
      expect([...seen].some((o) => o !== 'whole')).toBe(true);
    }, 60_000);
  }
});
