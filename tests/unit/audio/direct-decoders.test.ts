/**
 * The MP3, Ogg Opus and Ogg Vorbis decoders drive the packages' WebAssembly through fields the packages do
 * not document (decoders/mpeg-direct.ts, decoders/ogg-direct.ts). Each fixture, whole and damaged, is
 * decoded both ways in the same slices: every sample, the rate and every error must be the packages' own
 * (Ogg is read by our own reader, so there a damaged file is checked for what that reader does).
 * An upgrade of a package that changes what these fields are fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { OpusDecoder } from 'opus-decoder';
import { describe, expect, it } from 'vitest';
import { MpegDirectDecoder, type MpegLibDecoder } from '../../../electron/main/audio/decoders/mpeg-direct';
import { OggOpusDirectDecoder, OggVorbisDirectDecoder, type OpusLibClass, type VorbisLib } from '../../../electron/main/audio/decoders/ogg-direct';
import type { WasmDecoded } from '../../../electron/main/audio/decoders/wasm-decoded';
import { pageAt } from '../../../electron/main/audio/ogg-pages';
import { filled, joinPages, oggPages } from './helpers/ogg-writer';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));

interface Decoding {
  decode(data: Uint8Array): WasmDecoded | Promise<WasmDecoded>;
  flush?: () => WasmDecoded | Promise<WasmDecoded>;
}

interface Outcome {
  channels: number[][];
  sampleRate: number;
  errors: string[];
}

/** Decodes `bytes` in slices of `slice` bytes, then flushes; samples per channel, the last rate, the errors. */
async function decodeAll(d: Decoding, bytes: Uint8Array, slice: number): Promise<Outcome> {
  const out: Outcome = { channels: [], sampleRate: 0, errors: [] };
  const take = (r: WasmDecoded): void => {
    r.channelData.forEach((c, k) => {
      out.channels[k] ??= [];
      for (let i = 0; i < r.samplesDecoded; i++) out.channels[k]!.push(c[i]!);
    });
    if (r.samplesDecoded > 0) out.sampleRate = r.sampleRate;
    for (const e of r.errors) out.errors.push(`${e.frameNumber} ${e.inputBytes} ${e.message}`);
  };
  for (let at = 0; at < bytes.length; at += slice) take(await d.decode(bytes.subarray(at, at + slice)));
  if (d.flush) take(await d.flush());
  return out;
}

/** A copy with a stretch of bytes flipped in the middle (past the headers). */
function damaged(bytes: Uint8Array, seed: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const from = Math.floor(bytes.length * (0.4 + 0.05 * seed));
  for (let i = from; i < from + 40; i++) copy[i] = copy[i]! ^ (0x5a + seed);
  return copy;
}

const variants = (name: string): [string, Uint8Array][] => {
  const bytes = new Uint8Array(readFileSync(CODECS + name));
  return [[name, bytes], [`${name}, damaged`, damaged(bytes, 1)], [`${name}, damaged elsewhere`, damaged(bytes, 3)]];
};

async function expectSame(ours: Outcome, theirs: Outcome): Promise<void> {
  expect(ours.channels.length).toBe(theirs.channels.length);
  ours.channels.forEach((c, k) => {
    expect(c.length).toBe(theirs.channels[k]!.length);
    expect(Buffer.from(Float32Array.from(c).buffer).equals(Buffer.from(Float32Array.from(theirs.channels[k]!).buffer))).toBe(true);
  });
  expect(ours.sampleRate).toBe(theirs.sampleRate);
  expect(ours.errors).toEqual(theirs.errors);
}

describe('the decoders that drive the packages\' WebAssembly directly', () => {
  for (const name of ['call.mp3', 'span-call-lame.mp3', 'span-call-untagged.mp3']) {
    for (const [label, bytes] of variants(name)) {
      it(`MP3 ${label}: what mpg123-decoder decodes, to the bit`, async () => {
        const lib = new MPEGDecoder();
        await lib.ready;
        const theirs = await decodeAll({ decode: (b) => lib.decode(b) as unknown as WasmDecoded }, bytes, 32 * 1024);
        lib.free();
        const direct = new MpegDirectDecoder(new MPEGDecoder() as unknown as MpegLibDecoder);
        await direct.ready;
        const ours = await decodeAll(direct, bytes, 32 * 1024);
        direct.free();
        expect(theirs.channels[0]!.length).toBeGreaterThan(8000);
        await expectSame(ours, theirs);
      });
    }
  }

  it('chained Ogg Opus (one stream after another in a file): each decoded with its own header, one after the other', async () => {
    const a = new Uint8Array(readFileSync(CODECS + 'call-opus.ogg'));
    const b = new Uint8Array(readFileSync(CODECS + 'span-call.opus'));
    const chained = new Uint8Array(a.length + b.length);
    chained.set(a);
    chained.set(b, a.length);
    const alone = async (bytes: Uint8Array): Promise<Outcome> => decodeAll(new OggOpusDirectDecoder(OpusDecoder as unknown as OpusLibClass), bytes, 32 * 1024);
    const [first, second, both] = [await alone(a), await alone(b), await alone(chained)];
    expect(both.errors).toEqual([]);
    await expectSame(both, { channels: first.channels.map((c, k) => [...c, ...second.channels[k]!]), sampleRate: 48_000, errors: [] });
  });

  it('Ogg Opus beside another logical stream (a skeleton-like track, pages interleaved): the Opus stream decodes as alone', async () => {
    const opus = new Uint8Array(readFileSync(CODECS + 'call-opus.ogg'));
    const own: Uint8Array[] = [];
    for (let at = 0; at < opus.length; ) {
      const p = pageAt(opus, at, 0)!;
      own.push(opus.subarray(at, at + p.size));
      at += p.size;
    }
    // Another stream begins first (its first packet no Opus header), and has pages between the Opus ones.
    const other = oggPages([Uint8Array.from([...'fishead\0'].map((c) => c.charCodeAt(0))), filled(700, 3), filled(50, 4), filled(900, 5)], 400, 0x5eed);
    const mixed = [other[0]!, ...own.flatMap((p, k) => (other[k + 1] ? [p, other[k + 1]!] : [p]))];
    const decode = async (bytes: Uint8Array): Promise<Outcome> => decodeAll(new OggOpusDirectDecoder(OpusDecoder as unknown as OpusLibClass), bytes, 32 * 1024);
    const [alone, beside] = [await decode(opus), await decode(joinPages(mixed))];
    expect(beside.errors).toEqual([]);
    await expectSame(beside, alone);
  });

  it('chained Ogg Vorbis: the first stream decoded, the next one reported, not fed to libvorbis as audio', async () => {
    const a = new Uint8Array(readFileSync(CODECS + 'call-vorbis.ogg'));
    const chained = new Uint8Array(2 * a.length);
    chained.set(a);
    chained.set(a, a.length);
    const decode = async (bytes: Uint8Array): Promise<Outcome> => {
      const inner = new OggVorbisDecoder();
      await inner.ready;
      return decodeAll(new OggVorbisDirectDecoder((inner as unknown as { _decoder: VorbisLib })._decoder), bytes, 32 * 1024);
    };
    const [once, twice] = [await decode(a), await decode(chained)];
    expect(twice.channels).toEqual(once.channels);
    expect(twice.errors.some((e) => e.includes('another Ogg stream follows the end of the first (chained Vorbis streams are not read)'))).toBe(true);
  });

  // Ogg: our own reader (ogg-pages.ts) cuts the packets. Whole files decode to the packages' samples to the bit.
  // Where a package hands its decoder whatever a damaged page holds (and ogg-opus-decoder then pads with
  // zeros up to the last granule position), ours steps over a page whose checksum fails, and says so; what
  // comes before the damage is the same.
  const oggCodecs = [
    {
      codec: 'Ogg Opus',
      files: ['call-opus.ogg', 'span-call.opus', 'call-3ch.opus'],
      theirs: async (): Promise<Decoding & { free(): void }> => {
        const lib = new OggOpusDecoder();
        await lib.ready;
        return { decode: (b) => lib.decode(b) as unknown as Promise<WasmDecoded>, flush: () => lib.flush() as unknown as Promise<WasmDecoded>, free: () => lib.free() };
      },
      ours: async (): Promise<Decoding & { free(): void }> => new OggOpusDirectDecoder(OpusDecoder as unknown as OpusLibClass),
    },
    {
      codec: 'Ogg Vorbis',
      files: ['call-vorbis.ogg', 'span-call-vorbis.ogg'],
      theirs: async (): Promise<Decoding & { free(): void }> => {
        const lib = new OggVorbisDecoder();
        await lib.ready;
        return { decode: (b) => lib.decode(b) as unknown as Promise<WasmDecoded>, flush: () => lib.flush() as unknown as Promise<WasmDecoded>, free: () => lib.free() };
      },
      ours: async (): Promise<Decoding & { free(): void }> => {
        const inner = new OggVorbisDecoder();
        await inner.ready;
        return new OggVorbisDirectDecoder((inner as unknown as { _decoder: VorbisLib })._decoder);
      },
    },
  ];
  for (const { codec, files, theirs: makeTheirs, ours: makeOurs } of oggCodecs) {
    for (const name of files) {
      const decodeWith = async (make: () => Promise<Decoding & { free(): void }>, bytes: Uint8Array): Promise<Outcome> => {
        const d = await make();
        const out = await decodeAll(d, bytes, 32 * 1024);
        d.free();
        return out;
      };
      const [first, ...damagedOnes] = variants(name);
      const whole = first![1];

      it(`${codec} ${name}: what the package decodes, to the bit (our Ogg reader, its decoder)`, async () => {
        const theirs = await decodeWith(makeTheirs, whole);
        expect(theirs.channels[0]!.length).toBeGreaterThan(8000);
        await expectSame(await decodeWith(makeOurs, whole), theirs);
      });

      for (const [label, bytes] of damagedOnes) {
        it(`${codec} ${label}: the damaged page is stepped over and reported, silence in its place, the rest at its time`, async () => {
          const clean = await decodeWith(makeOurs, whole);
          const ours = await decodeWith(makeOurs, bytes);
          expect(ours.errors.some((e) => /bytes at byte \d+ are not a whole Ogg page with a matching checksum: skipped/.test(e))).toBe(true);
          const lost = ours.errors.map((e) => /(\d+) ms of audio lost at ([\d.]+) s: silence in its place/.exec(e)).find((m) => m);
          expect(lost).toBeTruthy();
          const [ms, atS] = [Number(lost![1]), Number(lost![2])];
          expect(ms).toBeGreaterThan(0);
          // The timeline kept: as long as the clean decode, the same before the damage and (once the decoder has
          // settled) after it, and silence where the lost page was.
          const rate = ours.sampleRate;
          const n = ours.channels[0]!.length;
          expect(n).toBe(clean.channels[0]!.length);
          const edge = Math.floor(0.2 * n);
          ours.channels.forEach((c, k) => {
            const want = clean.channels[k]!;
            expect(Float32Array.from(c.slice(0, edge))).toEqual(Float32Array.from(want.slice(0, edge)));
            expect(Float32Array.from(c.slice(n - edge))).toEqual(Float32Array.from(want.slice(n - edge)));
            const from = Math.round(atS * rate) + Math.round(0.01 * rate);
            const to = Math.round(atS * rate) + Math.round(((ms - 10) / 1000) * rate);
            expect(c.slice(from, to).every((v) => v === 0)).toBe(true);
          });
        });
      }
    }
  }
});
