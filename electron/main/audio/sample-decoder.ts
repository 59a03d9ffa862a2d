import type { AudioCodec } from '../../../shared/model/recording';
import { A_LAW_TABLE, MU_LAW_TABLE } from './g711';

/** Turns whole frames of raw WAV bytes into one float (-1..1) array per channel. */
export type FrameDecoder = (bytes: Buffer, frames: number, out: Float32Array[]) => void;

export function frameDecoder(codec: AudioCodec, channels: number): FrameDecoder {
  const read = sampleReader(codec);
  const width = codec === 'pcm_mulaw' || codec === 'pcm_alaw' || codec === 'pcm_u8' || codec === 'pcm_s8'
    ? 1
    : codec === 'pcm_s16le' ? 2 : codec === 'pcm_s24le' ? 3 : codec === 'pcm_f64le' ? 8 : 4;
  return (bytes, frames, out) => {
    let offset = 0;
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < channels; c++) {
        out[c]![f] = read(bytes, offset);
        offset += width;
      }
    }
  };
}

function sampleReader(codec: AudioCodec): (b: Buffer, o: number) => number {
  switch (codec) {
    case 'pcm_u8':
      return (b, o) => (b[o]! - 128) / 128;
    case 'pcm_s8':
      return (b, o) => b.readInt8(o) / 128;
    case 'pcm_s16le':
      return (b, o) => b.readInt16LE(o) / 32768;
    case 'pcm_s24le':
      return (b, o) => b.readIntLE(o, 3) / 8388608;
    case 'pcm_s32le':
      return (b, o) => b.readInt32LE(o) / 2147483648;
    case 'pcm_f32le':
      return (b, o) => b.readFloatLE(o);
    case 'pcm_f64le':
      return (b, o) => b.readDoubleLE(o);
    case 'pcm_mulaw':
      return (b, o) => MU_LAW_TABLE[b[o]!]!;
    case 'pcm_alaw':
      return (b, o) => A_LAW_TABLE[b[o]!]!;
  }
}
