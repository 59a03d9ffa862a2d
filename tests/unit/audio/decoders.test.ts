import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSignal, DEFAULT_SIGNAL_OPTIONS } from '../../../electron/main/audio/analyze-recording';
import { AudioFormatError } from '../../../electron/main/audio/audio-error';
import { detectAudioFormat } from '../../../electron/main/audio/detect-format';
import { walkMp3 } from '../../../electron/main/audio/mp3-walk';
import { summarizeSignal } from '../../../electron/main/audio/recording-audio';
import { WavStreamDecoder } from '../../../electron/main/audio/decoders/wav-decoder';
import type { DecodedAudio } from '../../../electron/main/audio/decoders/stream-decoder';
import { frameDecoder } from '../../../electron/main/audio/sample-decoder';
import { tempDir } from '../../helpers/call-fixture';
import { loadSnippet, SNIPPET_RATE, speechExtent } from './helpers/conversation';
import { makeWav, type WavEncoding } from './helpers/wav-variants';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));

/** Two channels of known content: a 440 Hz tone on the left, 660 Hz at half level on the right. */
function tones(rate: number, seconds: number): Float32Array[] {
  const n = Math.round(rate * seconds);
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    l[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate);
    r[i] = 0.25 * Math.sin((2 * Math.PI * 660 * i) / rate);
  }
  return [l, r];
}

const rmsDb = (a: number): number => 20 * Math.log10(a / Math.SQRT2);

describe('WAV decoding, every sample format and layout', () => {
  const dir = tempDir();
  const cases: [WavEncoding, number][] = [['u8', 1.5], ['s16', 0.1], ['s24', 0.1], ['s32', 0.1], ['f32', 0.1], ['f64', 0.1], ['mulaw', 0.5], ['alaw', 0.5]];
  for (const [enc, tolDb] of cases) {
    for (const layout of [{}, { extensible: true }, { oddChunks: true }, { zeroDataSize: true }]) {
      it(`${enc} ${JSON.stringify(layout)}: duration, channels, levels`, async () => {
        const path = join(dir, `${enc}-${Object.keys(layout).join('-') || 'plain'}.wav`);
        writeFileSync(path, makeWav(tones(8000, 1.25), 8000, enc, layout));
        const s = await analyzeSignal(path);
        expect(s.container).toBe('wav');
        expect(s.channels).toBe(2);
        expect(s.sampleRate).toBe(8000);
        expect(s.durationMs).toBeCloseTo(1250, 6);
        expect(s.decode.complete).toBe(true);
        const r = summarizeSignal(s);
        expect(r.channelAudio[0]!.rmsDbfs).toBeCloseTo(rmsDb(0.5), tolDb < 1 ? 0 : -1);
        expect(Math.abs(r.channelAudio[0]!.rmsDbfs - rmsDb(0.5))).toBeLessThan(tolDb);
        expect(Math.abs(r.channelAudio[1]!.rmsDbfs - rmsDb(0.25))).toBeLessThan(tolDb + 0.1);
        // Finest peaks: 5 ms buckets; the left channel swings to about ±0.5.
        const finest = r.peaks.find((p) => p.channel === 0)!;
        expect(finest.samplesPerPeak).toBe(40);
        expect(finest.data.length / 2).toBe(250);
        expect(Math.max(...finest.data) / 32767).toBeCloseTo(0.5, 1);
      });
    }
  }

  it('keeps every channel of a 6-channel file', async () => {
    const path = join(dir, 'six.wav');
    const chans = Array.from({ length: 6 }, (_, c) => tones(16000, 0.5)[0]!.map((v) => v * (c + 1) * 0.1));
    writeFileSync(path, makeWav(chans, 16000, 's16'));
    const r = summarizeSignal(await analyzeSignal(path));
    expect(r.channels).toBe(6);
    expect(r.channelAudio.map((c) => Math.round(c.peakDbfs))).toEqual([1, 2, 3, 4, 5, 6].map((k) => Math.round(20 * Math.log10(0.05 * k))));
  });

  it('16-bit samples at an odd byte offset decode the same as aligned ones', () => {
    const decode = frameDecoder('pcm_s16le', 2);
    const bytes = makeWav(tones(8000, 0.1), 8000, 's16').subarray(44);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const frames = bytes.length / 4;
    const a = [new Float32Array(frames), new Float32Array(frames)];
    const b = [new Float32Array(frames), new Float32Array(frames)];
    decode(bytes, frames, a);
    decode(shifted.subarray(1), frames, b);
    expect(b).toEqual(a);
    expect(a[0]![10]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 440 * 10) / 8000), 4);
    // Every sample, both signs, both channels (stereo is read a frame at a time as one 32-bit word).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let f = 0; f < frames; f++) for (let c = 0; c < 2; c++) expect(a[c]![f]).toBe(view.getInt16((2 * f + c) * 2, true) / 32768);
    expect(a[1]!.some((v) => v < 0) && a[0]!.some((v) => v < 0)).toBe(true);
  });

  it('keeps no view of what it was given: fed from one buffer overwritten after every push, frames split across pushes', () => {
    const wav = makeWav(tones(8000, 0.5), 8000, 's16', { oddChunks: true });
    const format = WavStreamDecoder.open('odd.wav', wav.length, (at, n) => wav.subarray(at, at + n));
    const decode = (feed: (piece: Uint8Array) => DecodedAudio[]): number[] => {
      const got: number[] = [];
      // Pieces of 1001 bytes: most end inside a 4-byte frame, so part of one is carried to the next push.
      for (let at = format.start; at < format.end; at += 1001) {
        for (const c of feed(wav.subarray(at, Math.min(format.end, at + 1001)))) for (let f = 0; f < c.frames; f++) got.push(c.channelData[0]![f]!, c.channelData[1]![f]!);
      }
      return got;
    };
    const fresh = new WavStreamDecoder(format.format);
    const want = decode((piece) => fresh.pushSync(Buffer.from(piece)));
    const reused = new WavStreamDecoder(format.format);
    const shared = Buffer.alloc(1001);
    const got = decode((piece) => {
      piece.forEach((v, i) => (shared[i] = v));
      const out = reused.pushSync(shared.subarray(0, piece.length));
      shared.fill(0x55);
      return out;
    });
    expect(want.length).toBe(2 * format.expectedFrames);
    expect(got).toEqual(want);
  });

  it('a chunk that breaks the RIFF structure is refused clearly', async () => {
    const path = join(dir, 'broken-chunks.wav');
    const good = makeWav(tones(8000, 0.5), 8000, 's16');
    // A 1-byte chunk written without its pad byte: every chunk after it is misread.
    const odd = Buffer.concat([good.subarray(0, 36), Buffer.from('junk\x01\x00\x00\x00X', 'latin1'), good.subarray(36)]);
    odd.writeUInt32LE(odd.length - 8, 4);
    writeFileSync(path, odd);
    await expect(analyzeSignal(path)).rejects.toThrow(AudioFormatError);
  });

  it('a truncated WAV is refused with what is missing', async () => {
    const path = join(dir, 'cut.wav');
    writeFileSync(path, makeWav(tones(8000, 1), 8000, 's16').subarray(0, 44 + 1000));
    await expect(analyzeSignal(path)).rejects.toThrow(/truncated: the data chunk declares 32000 bytes but only 1000 are present/);
  });
});

describe('compressed codecs, detected from content', () => {
  // The fixture script places caller-1 at 0.5 s on the left and agent-1 at 4.4 s on the right.
  const ext = (name: 'caller-1' | 'agent-1'): { start: number; end: number } => speechExtent(loadSnippet(name));
  const ms = (samples: number): number => (samples / SNIPPET_RATE) * 1000;
  const expected = {
    durationMs: 7000,
    callerSpeech: [500 + ms(ext('caller-1').start), 500 + ms(ext('caller-1').end)],
    agentFirst: 4400 + ms(ext('agent-1').start),
  };
  const files: [string, string, number][] = [
    ['call.mp3', 'mp3', 2],
    ['call-opus.ogg', 'opus', 2],
    ['call-vorbis.ogg', 'vorbis', 2],
    ['call.flac', 'flac', 2],
    ['tagged-mp3.wav', 'mp3', 2],
    ['call-3ch.flac', 'flac', 3],
    ['call-3ch.opus', 'opus', 3],
  ];
  it('a mono MP3 is one channel (mpg123 hands back two copies), so no second party and no 0 ms "echo"', async () => {
    const r = summarizeSignal(await analyzeSignal(join(CODECS, 'span-call-untagged.mp3')));
    expect(r.codec).toBe('mp3');
    expect(r.channels).toBe(1);
    expect(r.channelAudio).toHaveLength(1);
    expect(r.echo).toEqual([]);
    expect(r.peaks.every((p) => p.channel === 0)).toBe(true);
  });

  for (const [file, codec, channels] of files) {
    it(`${file}: ${codec}, ${channels} channels, full duration, speech where it was placed`, async () => {
      const r = summarizeSignal(await analyzeSignal(join(CODECS, file)));
      expect(r.codec).toBe(codec);
      expect(r.channels).toBe(channels);
      expect(r.decode).toEqual({ complete: true, problems: [], gaps: [] });
      expect(Math.abs(r.durationMs - expected.durationMs)).toBeLessThan(30);
      const caller = r.channelAudio[0]!.segments;
      expect(caller).toHaveLength(1);
      expect(Math.abs(caller[0]!.startMs - expected.callerSpeech[0]!)).toBeLessThanOrEqual(20);
      expect(Math.abs(caller[0]!.endMs - expected.callerSpeech[1]!)).toBeLessThanOrEqual(20);
      const agentChannel = channels === 3 && codec === 'opus' ? 2 : 1; // Opus family 1 orders 3.0 as L, C, R
      expect(Math.abs(r.channelAudio[agentChannel]!.segments[0]!.startMs - expected.agentFirst)).toBeLessThanOrEqual(25);
      const finest = r.peaks.filter((p) => p.samplesPerPeak === Math.round(r.sampleRate / 200));
      expect(finest).toHaveLength(channels);
      expect(finest[0]!.data.length / 2).toBe(Math.ceil(r.frames / finest[0]!.samplesPerPeak));
    });
  }

  const dir = tempDir();
  for (const file of ['call.mp3', 'call-opus.ogg', 'call-vorbis.ogg', 'call.flac']) {
    it(`${file} cut in half: a partial decode, said so`, async () => {
      const bytes = readFileSync(join(CODECS, file));
      const path = join(dir, `half-${file}`);
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const s = await analyzeSignal(path);
      expect(s.durationMs).toBeGreaterThan(1500);
      expect(s.durationMs).toBeLessThan(6000);
      if (file !== 'call.mp3') {
        // MP3 has no length field to compare with; Ogg has its end-of-stream page, FLAC its sample count.
        expect(s.decode.complete).toBe(false);
        expect(s.decode.problems.join(' ')).toMatch(/cut short/);
      }
    });
  }

  it('an MP3 cut short is said to be (mpg123 decodes it without a word): inside a frame, or at a frame short of its tag\'s count', async () => {
    const dir = tempDir();
    for (const name of ['span-call-lame.mp3', 'span-call-untagged.mp3']) {
      const b = readFileSync(join(CODECS, name));
      writeFileSync(join(dir, `cut-${name}`), b.subarray(0, Math.floor(b.length * 0.7)));
      const cut = await analyzeSignal(join(dir, `cut-${name}`));
      expect(cut.decode.complete).toBe(false);
      expect(cut.decode.problems.join(' ')).toMatch(/the file ends inside MP3 frame \d+ \(the file was cut short\)/);
      // Whole, and with an ID3v1 tag after the last frame: complete, nothing said.
      writeFileSync(join(dir, `tagged-${name}`), Buffer.concat([b, Buffer.from('TAG'), Buffer.alloc(125, 0x20)]));
      expect((await analyzeSignal(join(dir, `tagged-${name}`))).decode).toEqual({ complete: true, problems: [], gaps: [] });
    }
    // Cut exactly after a frame: only the LAME tag's frame count tells.
    const b = readFileSync(join(CODECS, 'span-call-lame.mp3'));
    const readAt = (p: number, n: number): Buffer => b.subarray(p, p + n);
    const detected = detectAudioFormat(readAt);
    if (detected.container !== 'mp3') throw new Error(`span-call-lame.mp3 read as ${detected.container}`);
    const walk = walkMp3(detected.audioStart, b.length, readAt)!;
    const boundary = walk.offsets[Math.floor(walk.offsets.length / 2)]!;
    writeFileSync(join(dir, 'at-frame.mp3'), b.subarray(0, boundary));
    const atFrame = await analyzeSignal(join(dir, 'at-frame.mp3'));
    expect(atFrame.decode.problems.join(' ')).toMatch(new RegExp(`the file holds ${Math.floor(walk.offsets.length / 2)} of the ${walk.tag!.frames} MP3 frames its header counts`));
  });

  it('garbage after a valid magic number is a clear error, not a crash or a hang', async () => {
    for (const [name, magic] of [['fake.flac', 'fLaC'], ['fake.ogg', 'OggS'], ['fake.mp3', '\xff\xfb\x90\x00']] as const) {
      const path = join(dir, name);
      const junk = Buffer.alloc(64 * 1024);
      for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
      writeFileSync(path, Buffer.concat([Buffer.from(magic, 'latin1'), junk]));
      await expect(analyzeSignal(path)).rejects.toThrow(AudioFormatError);
    }
  });

  it('a file that is no audio at all names what it saw', async () => {
    const path = join(dir, 'notes.mp3');
    writeFileSync(path, 'hello, these are meeting notes');
    await expect(analyzeSignal(path)).rejects.toThrow(/not a recording Turnscope reads .*first bytes 68656c6c6f2c2074/);
    const empty = join(dir, 'empty.wav');
    writeFileSync(empty, '');
    await expect(analyzeSignal(empty)).rejects.toThrow(/an empty file/);
    await expect(analyzeSignal(join(dir, 'missing.wav'))).rejects.toThrow(/cannot open: ENOENT/);
  });

  it('the same call decodes to the same speech times in every codec (within 15 ms)', async () => {
    const starts = await Promise.all(
      ['call.mp3', 'call-opus.ogg', 'call-vorbis.ogg', 'call.flac'].map(async (f) => summarizeSignal(await analyzeSignal(join(CODECS, f), DEFAULT_SIGNAL_OPTIONS)).channelAudio[1]!.segments.map((s) => s.startMs)),
    );
    for (const s of starts) expect(s.length).toBe(starts[0]!.length);
    for (let k = 0; k < starts[0]!.length; k++) expect(Math.max(...starts.map((s) => s[k]!)) - Math.min(...starts.map((s) => s[k]!))).toBeLessThanOrEqual(15);
  });
});
