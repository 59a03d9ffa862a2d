/**
 * Recordings that are not WAV (MP3, Ogg Opus/Vorbis, FLAC) are decoded with the audio layer's public
 * decoders and redacted as 16-bit PCM WAV: a lossy file cannot be edited in place, and re-encoding it
 * would need an encoder Turnscope does not ship. The only place compliance touches electron/main/audio/.
 */
import { readFileSync } from 'node:fs';
import { WasmStreamDecoder } from '../audio/decoders/wasm-decoder';
import { detectAudioFormat } from '../audio/detect-format';
import type { ReadAt } from '../audio/wav-header';
import { pcm16FromChannels, WavRedactionError, type WavFile } from './wav-redactor';

export async function decodeToPcm16(path: string): Promise<{ wav: WavFile; container: string; problems: string[] }> {
  const bytes = readFileSync(path);
  const readAt: ReadAt = (position, length) => bytes.subarray(position, Math.min(bytes.length, position + length));
  const detected = detectAudioFormat(readAt);
  if (detected.container === null || detected.container === 'wav') throw new WavRedactionError(`cannot decode ${path}: ${detected.container === null ? detected.seen : 'a WAV file'}`);
  const decoder = await WasmStreamDecoder.open(detected.container, detected.audioStart, bytes.length, readAt);
  const parts: Float32Array[][] = [];
  let sampleRate = 0;
  try {
    const keep = (chunks: ReadonlyArray<{ channelData: readonly Float32Array[]; frames: number; sampleRate: number }>): void => {
      for (const c of chunks) {
        sampleRate = c.sampleRate;
        // Decoder buffers are reused on the next call: copy.
        parts.push(c.channelData.map((ch) => ch.slice(0, c.frames)));
      }
    };
    for (let at = decoder.start; at < decoder.end; at += decoder.maxInput) {
      keep(await decoder.push(bytes.subarray(at, Math.min(decoder.end, at + decoder.maxInput))));
    }
    const end = await decoder.finish();
    keep(end.tail);
    const channels = parts[0]?.length ?? 0;
    if (channels === 0 || sampleRate === 0) throw new WavRedactionError(`no audio decoded from ${path}`);
    const total = parts.reduce((n, p) => n + p[0]!.length, 0);
    const out = Array.from({ length: channels }, () => new Float32Array(total));
    let offset = 0;
    for (const p of parts) {
      p.forEach((ch, c) => out[c]?.set(ch, offset));
      offset += p[0]!.length;
    }
    return { wav: pcm16FromChannels(out, sampleRate), container: detected.container, problems: end.problems };
  } finally {
    decoder.free();
  }
}
