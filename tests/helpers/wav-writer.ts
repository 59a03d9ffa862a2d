/**
 * Writes WAV files for tests from sample arrays, so store and import tests control every byte
 * (including deliberately broken headers). Audio content checks use the sox-made fixtures instead.
 */

export type TestCodec = 'pcm16' | 'mulaw';

function linearToMuLaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = Math.max(-32768, Math.min(32767, Math.round(sample * 32767)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(s, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** `channels[c][i]` is sample i of channel c, in -1..1. */
export function encodeWav(channels: Float32Array[], sampleRate: number, codec: TestCodec = 'pcm16'): Buffer {
  const n = channels[0]!.length;
  const bytesPerSample = codec === 'pcm16' ? 2 : 1;
  const dataBytes = n * channels.length * bytesPerSample;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes + (dataBytes % 2), 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(codec === 'pcm16' ? 1 : 7, 20);
  header.writeUInt16LE(channels.length, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels.length * bytesPerSample, 28);
  header.writeUInt16LE(channels.length * bytesPerSample, 32);
  header.writeUInt16LE(bytesPerSample * 8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  const data = Buffer.alloc(dataBytes + (dataBytes % 2));
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (const ch of channels) {
      if (codec === 'pcm16') {
        data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(ch[i]! * 32767))), o);
        o += 2;
      } else {
        data[o++] = linearToMuLaw(ch[i]!);
      }
    }
  }
  return Buffer.concat([header, data]);
}

/** A tone that is on only inside the given spans (ms), silent elsewhere: stands in for speech bursts. */
export function burstChannel(sampleRate: number, durationMs: number, spans: [number, number][], freq = 440, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round((durationMs / 1000) * sampleRate));
  for (const [a, b] of spans) {
    const from = Math.round((a / 1000) * sampleRate);
    const to = Math.min(out.length, Math.round((b / 1000) * sampleRate));
    for (let i = from; i < to; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  }
  return out;
}
