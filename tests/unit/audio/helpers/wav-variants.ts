/**
 * WAV files in every sample format the reader supports, written byte by byte from float samples, with
 * options for the layouts real files have: WAVE_FORMAT_EXTENSIBLE, chunks before and after `fmt `, odd-sized
 * chunks with their pad byte, a data chunk size of 0 (live writers).
 */
export type WavEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64' | 'mulaw' | 'alaw';

const TAG: Record<WavEncoding, number> = { u8: 1, s16: 1, s24: 1, s32: 1, f32: 3, f64: 3, mulaw: 7, alaw: 6 };
const WIDTH: Record<WavEncoding, number> = { u8: 1, s16: 2, s24: 3, s32: 4, f32: 4, f64: 8, mulaw: 1, alaw: 1 };

function muLaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample * 32767)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(s, 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  return ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
}

function aLaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample * 32767))) >> 3;
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  let exponent = 0;
  while (s > 0x1f && exponent < 7) {
    s >>= 1;
    exponent++;
  }
  const mantissa = exponent === 0 ? s >> 1 : s & 0x0f;
  return (sign | (exponent << 4) | mantissa) ^ 0x55;
}

function writeSample(buf: Buffer, o: number, enc: WavEncoding, v: number): void {
  const c = Math.max(-1, Math.min(1, v));
  switch (enc) {
    case 'u8': buf[o] = Math.max(0, Math.min(255, Math.round(c * 127 + 128))); break;
    case 's16': buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(c * 32767))), o); break;
    case 's24': buf.writeIntLE(Math.max(-8388608, Math.min(8388607, Math.round(c * 8388607))), o, 3); break;
    case 's32': buf.writeInt32LE(Math.max(-2147483648, Math.min(2147483647, Math.round(c * 2147483647))), o); break;
    case 'f32': buf.writeFloatLE(v, o); break;
    case 'f64': buf.writeDoubleLE(v, o); break;
    case 'mulaw': buf[o] = muLaw(c); break;
    case 'alaw': buf[o] = aLaw(c); break;
  }
}

export interface WavLayout {
  extensible?: boolean;
  /** Extra chunks: an odd-sized LIST before `fmt `, a `fact` between `fmt ` and `data`. */
  oddChunks?: boolean;
  /** Write 0 as the data size (a recorder that never went back to fill it in). */
  zeroDataSize?: boolean;
}

export function makeWav(channels: Float32Array[], sampleRate: number, enc: WavEncoding, layout: WavLayout = {}): Buffer {
  const n = channels[0]!.length;
  const width = WIDTH[enc];
  const block = width * channels.length;
  const fmt = Buffer.alloc(layout.extensible ? 40 : 16);
  fmt.writeUInt16LE(layout.extensible ? 0xfffe : TAG[enc], 0);
  fmt.writeUInt16LE(channels.length, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * block, 8);
  fmt.writeUInt16LE(block, 12);
  fmt.writeUInt16LE(width * 8, 14);
  if (layout.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(width * 8, 18);
    fmt.writeUInt32LE(channels.length === 2 ? 3 : 0, 20);
    fmt.writeUInt16LE(TAG[enc], 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(fmt, 26);
  }
  const data = Buffer.alloc(n * block);
  for (let i = 0; i < n; i++) channels.forEach((ch, c) => writeSample(data, i * block + c * width, enc, ch[i]!));
  const chunk = (id: string, body: Buffer, declared = body.length): Buffer => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(declared, 4);
    return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const parts = [
    ...(layout.oddChunks ? [chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00test\x00', 'latin1'))] : []),
    chunk('fmt ', fmt),
    ...(layout.oddChunks ? [chunk('fact', Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, 0]))] : []),
    chunk('data', data, layout.zeroDataSize ? 0 : data.length),
  ];
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...parts]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
