/**
 * Audio redaction on WAV bytes: every encoding round-trips unchanged outside the spans, spans become exact
 * digital silence (or the tone), only the chosen channels change, and metadata chunks are dropped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillSpans, parseWav, writeWav, type WavEncoding } from '../../../electron/main/compliance/wav-redactor';

const FORMATS: Array<[WavEncoding, number, number]> = [
  ['u8', 1, 8], ['s16', 1, 16], ['s24', 1, 24], ['s32', 1, 32], ['f32', 3, 32], ['f64', 3, 64], ['mulaw', 7, 8], ['alaw', 6, 8],
];

function wav(tag: number, bits: number, channels: number, frames: number, opts: { extensible?: boolean; list?: boolean } = {}): Buffer {
  const bps = tag === 6 || tag === 7 ? 1 : bits / 8;
  const data = Buffer.alloc(frames * channels * bps);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) & 0xff;
  const fmt = Buffer.alloc(opts.extensible ? 40 : 16);
  fmt.writeUInt16LE(opts.extensible ? 0xfffe : tag, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(8000 * channels * bps, 8);
  fmt.writeUInt16LE(channels * bps, 12);
  fmt.writeUInt16LE(bps * 8, 14);
  if (opts.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(bps * 8, 18);
    fmt.writeUInt32LE(3, 20);
    fmt.writeUInt16LE(tag, 24);
  }
  const chunk = (id: string, body: Buffer): Buffer => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const parts = [chunk('fmt ', fmt)];
  if (opts.list) parts.push(chunk('LIST', Buffer.from('INFOICMT\x11\x00\x00\x00card 4111111111111111\x00', 'latin1')));
  parts.push(chunk('data', data));
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + body.length, 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, body]);
}

const SILENCE: Record<WavEncoding, number[]> = {
  u8: [0x80], s16: [0, 0], s24: [0, 0, 0], s32: [0, 0, 0, 0], f32: [0, 0, 0, 0], f64: [0, 0, 0, 0, 0, 0, 0, 0], mulaw: [0xff], alaw: [0xd5],
};

describe('WAV redaction', () => {
  it.each(FORMATS)('%s: untouched outside the span, digital silence inside, one channel only', (enc, tag, bits) => {
    const original = parseWav(wav(tag, bits, 2, 8000));
    const w = parseWav(wav(tag, bits, 2, 8000));
    expect(w.encoding).toBe(enc);
    fillSpans(w, [{ startMs: 250, endMs: 500, channels: [0] }], 'silence');
    const out = parseWav(writeWav(w));
    const bps = w.bytesPerSample;
    for (let f = 0; f < 8000; f += 97) {
      for (let ch = 0; ch < 2; ch++) {
        const at = f * w.blockAlign + ch * bps;
        const got = [...out.data.subarray(at, at + bps)];
        if (ch === 0 && f >= 2000 && f < 4000) expect(got, `frame ${f}`).toEqual(SILENCE[enc]);
        else expect(got, `frame ${f} ch ${ch}`).toEqual([...original.data.subarray(at, at + bps)]);
      }
    }
  });

  it('all channels when none are named; a tone when asked', () => {
    const w = parseWav(wav(1, 16, 2, 8000));
    fillSpans(w, [{ startMs: 0, endMs: 100, channels: null }], 'tone');
    const samples = Array.from({ length: 800 }, (_, f) => w.data.readInt16LE(f * 4 + 2));
    expect(Math.max(...samples)).toBeGreaterThan(3000);
    expect(Math.max(...samples)).toBeLessThan(3400);
  });

  it('drops metadata chunks (which may carry a card number) and keeps WAVE_FORMAT_EXTENSIBLE', () => {
    const w = parseWav(wav(1, 24, 3, 1000, { extensible: true, list: true }));
    expect(w.droppedChunks).toEqual(['LIST']);
    const out = writeWav(w);
    expect(out.toString('latin1')).not.toContain('4111');
    const back = parseWav(out);
    expect([back.encoding, back.channels, back.frames, back.fmtBody.length]).toEqual(['s24', 3, 1000, 40]);
  });

  it('writes a fact chunk for G.711 and float data', () => {
    expect(writeWav(parseWav(wav(7, 8, 1, 10))).includes(Buffer.from('fact'))).toBe(true);
    expect(writeWav(parseWav(wav(1, 16, 1, 10))).includes(Buffer.from('fact'))).toBe(false);
  });
});

describe('recordings that are not WAV', () => {
  it.each(['call.flac', 'call.mp3', 'call-opus.ogg'])('%s is decoded and redacted as 16-bit PCM WAV', async (name) => {
    const { decodeToPcm16 } = await import('../../../electron/main/compliance/decode-compressed');
    const { wav, problems } = await decodeToPcm16(join(__dirname, '../../fixtures/audio-forensics/codecs', name));
    expect(problems).toEqual([]);
    fillSpans(wav, [{ startMs: 1000, endMs: 2000, channels: null }], 'silence');
    const back = parseWav(writeWav(wav));
    expect([back.encoding, back.channels, back.frames]).toEqual(['s16', wav.channels, wav.frames]);
    const at = Math.floor(1.5 * back.sampleRate) * back.blockAlign;
    expect(back.data.readInt16LE(at)).toBe(0);
  });
});
