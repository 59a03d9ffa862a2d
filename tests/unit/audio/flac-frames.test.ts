/**
 * FLAC cut into frames by our own splitter (decoders/flac-frames.ts) instead of codec-parser:
 * - it finds exactly the frames codec-parser finds, whatever the slice sizes it is fed, including frames of
 *   digital silence shorter than a frame header can be;
 * - decoded through it, a file gives every sample the package's own whole-file decode gives;
 * - a damaged frame header costs that frame's samples, said so and silent in their place, not the rest of the
 *   stream, which stays at its time; a long damaged stretch costs that stretch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import CodecParser from 'codec-parser';
import { describe, expect, it } from 'vitest';
import { analyzeSignal } from '../../../electron/main/audio/analyze-recording';
import { flacFrameHeader, FlacFrameSplitter, readFlacLayout } from '../../../electron/main/audio/decoders/flac-frames';
import { WasmStreamDecoder } from '../../../electron/main/audio/decoders/wasm-decoder';
import { tempDir } from '../../helpers/call-fixture';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));
const FILES = ['call.flac', 'call-3ch.flac', 'silence-gaps.flac'];

const read = (file: string): Buffer => readFileSync(join(CODECS, file));
const readerOf = (b: Buffer) => (p: number, n: number): Buffer => b.subarray(p, Math.min(b.length, p + n));

function split(b: Buffer, slice: number): Uint8Array[] {
  const layout = readFlacLayout(0, b.length, readerOf(b))!;
  const s = new FlacFrameSplitter(layout);
  const frames: Uint8Array[] = [];
  // Frames are views of the splitter's buffer until the next push: copied as they come.
  for (let p = layout.firstFrame; p < b.length; p += slice) frames.push(...s.push(b.subarray(p, p + slice)).map((f) => f.slice()));
  frames.push(...s.finish().map((f) => f.slice()));
  expect(s.gaps).toEqual([]);
  return frames;
}

async function decodeAll(b: Buffer): Promise<{ channels: Float32Array[]; problems: string[] }> {
  const d = await WasmStreamDecoder.open('flac', 0, b.length, readerOf(b));
  const parts: Float32Array[][] = [];
  for (let p = 0; p < b.length; p += 4096) for (const c of await d.push(b.subarray(p, p + 4096))) parts.push(c.channelData.map((x) => x.slice(0, c.frames)));
  const end = await d.finish();
  for (const c of end.tail) parts.push(c.channelData.map((x) => x.slice(0, c.frames)));
  d.free();
  const channels = parts[0]!.map((_, ch) => {
    const out = new Float32Array(parts.reduce((n, p) => n + p[ch]!.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p[ch]!, at);
      at += p[ch]!.length;
    }
    return out;
  });
  return { channels, problems: end.problems };
}

describe('the FLAC frame splitter', () => {
  for (const file of FILES) {
    it(`${file}: the frames codec-parser finds, fed in slices of any size`, () => {
      const b = read(file);
      const reference = [...new CodecParser('audio/flac', { enableLogging: false }).parseAll(b)].map((f) => (f as unknown as { data: Uint8Array }).data);
      for (const slice of [1, 7, 1000, 32 * 1024]) {
        const frames = split(b, slice);
        expect(frames.length).toBe(reference.length);
        frames.forEach((f, i) => expect(Buffer.compare(f, reference[i]!)).toBe(0));
      }
    });

    it(`${file}: every sample of the package's whole-file decode`, async () => {
      const b = read(file);
      const lib = new FLACDecoder();
      await lib.ready;
      const want = await lib.decodeFile(b);
      lib.free();
      const got = await decodeAll(b);
      expect(got.problems).toEqual([]);
      expect(got.channels.length).toBe(want.channelData.length);
      got.channels.forEach((c, i) => expect(Buffer.compare(Buffer.from(c.buffer), Buffer.from(want.channelData[i]!.buffer))).toBe(0));
    });
  }

  it('reads header fields exactly: sample numbers count up by block sizes, silence frames included', () => {
    const b = read('silence-gaps.flac');
    const frames = split(b, 32 * 1024);
    expect(frames.some((f) => f.length < 16)).toBe(true);
    let next = 0;
    for (const f of frames) {
      const h = flacFrameHeader(f, 0, { minBlock: 4608, maxBlock: 4608 })!;
      expect(h.sample).toBe(next);
      next += h.blockSize;
    }
    expect(next).toBe(4 * 48_000);
  });

  /** The clean and damaged decodes: as long as each other, the same but where [from, to) is silent. */
  async function expectSilencedStretch(clean: Buffer, damaged: Buffer, from: number, to: number): Promise<void> {
    const [want, got] = [await decodeAll(clean), await decodeAll(damaged)];
    got.channels.forEach((c, k) => {
      const w = want.channels[k]!;
      expect(c.length).toBe(w.length);
      expect(c.subarray(0, from)).toEqual(w.subarray(0, from));
      expect(c.subarray(from, to).every((v) => v === 0)).toBe(true);
      expect(c.subarray(to)).toEqual(w.subarray(to));
    });
  }

  it('a damaged frame header: that frame is lost and reported, silence in its place, the rest at its time', async () => {
    const b = read('call.flac');
    const frames = split(b, 32 * 1024);
    const layout = readFlacLayout(0, b.length, readerOf(b))!;
    // Break the CRC-8 of the 40th frame's header.
    let at = layout.firstFrame;
    for (let i = 0; i < 40; i++) at += frames[i]!.length;
    const damaged = b.slice();
    damaged[at + 5] = damaged[at + 5]! ^ 0x5a;
    const dir = tempDir();
    const path = join(dir, 'damaged.flac');
    writeFileSync(path, damaged);
    const s = await analyzeSignal(path);
    const problems = s.decode.problems.join(' ');
    expect(problems).toMatch(/frame header could not be read: 1152 samples from sample 46080 are missing \(silence in their place\)/);
    // Nothing else is missing: the length the stream declares, the audio after the frame where it belongs.
    expect(problems).not.toMatch(/cut short|decoded \d+ of the/);
    expect(s.decode.complete).toBe(false);
    expect(s.durationMs).toBeCloseTo((112_000 / 16_000) * 1000, 0);
    await expectSilencedStretch(b, damaged, 46_080, 46_080 + 1152);
  });

  it('a long damaged stretch (70 frames): the splitter finds its feet past it and reports the gap, silence in its place', async () => {
    const b = read('call.flac');
    const frames = split(b, 32 * 1024);
    const layout = readFlacLayout(0, b.length, readerOf(b))!;
    expect(layout.maxFrameBytes).toBeGreaterThan(0);
    const damaged = b.slice();
    let at = layout.firstFrame;
    for (let i = 0; i < 80; i++) {
      // Every header of frames 10 to 79 loses its sync code.
      if (i >= 10) damaged[at] = 0;
      at += frames[i]!.length;
    }
    const path = join(tempDir(), 'damaged-stretch.flac');
    writeFileSync(path, damaged);
    const s = await analyzeSignal(path);
    expect(s.decode.problems.join(' ')).toMatch(/frame header could not be read: 80640 samples from sample 11520 are missing/);
    expect(s.decode.problems.join(' ')).not.toMatch(/cut short/);
    expect(s.durationMs).toBeCloseTo((112_000 / 16_000) * 1000, 0);
    await expectSilencedStretch(b, damaged, 11_520, 11_520 + 80_640);
  });

  it('reads a variable-block-size header: the sample number itself, and a block size given in the header', () => {
    // FF F9: sync, variable block size. Block size code 7 (16 bits follow), rate code 9 (44.1 kHz);
    // stereo, 16-bit; the sample number 70000 in the 4-byte UTF-8-like form; block size 4096 − 1; CRC-8.
    const n = 70_000;
    const number = [0xf0 | (n >> 18), 0x80 | ((n >> 12) & 0x3f), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
    const head = [0xff, 0xf9, 0x79, 0x18, ...number, 0x0f, 0xff];
    let crc = 0;
    for (const byte of head) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
    const frame = new Uint8Array([...head, crc, 0, 0, 0, 0, 0]);
    // STREAMINFO's block sizes do not matter to a variable-size stream.
    expect(flacFrameHeader(frame, 0, { minBlock: 16, maxBlock: 4608 })).toEqual({ sample: 70_000, blockSize: 4096 });
    frame[head.length] = crc ^ 1;
    expect(flacFrameHeader(frame, 0, { minBlock: 16, maxBlock: 4608 })).toBeNull();
  });

  it('a file cut inside a frame: the partial frame is not decoded as garbage, the shortfall is reported as a cut', async () => {
    const b = read('call.flac');
    const path = join(tempDir(), 'cut.flac');
    writeFileSync(path, b.subarray(0, b.length >> 1));
    const s = await analyzeSignal(path);
    expect(s.decode.problems).toHaveLength(1);
    expect(s.decode.problems[0]).toMatch(/^decoded \d+ of the 112000 samples per channel the stream declares \(the file was cut short\)$/);
  });

  it('bytes after the last frame (a tag, padding, junk) do not cost it', async () => {
    const b = read('call.flac');
    const junk = Buffer.alloc(300);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) & 0xff;
    const path = join(tempDir(), 'trailing.flac');
    writeFileSync(path, Buffer.concat([b, junk]));
    const s = await analyzeSignal(path);
    expect(s.decode).toEqual({ complete: true, problems: [], gaps: [] });
    expect(s.frames).toBe(112_000);
  });
});
