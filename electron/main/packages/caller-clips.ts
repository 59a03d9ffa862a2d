/**
 * Cutting the caller's audio of selected turns out of a recording, for a package. The recording is
 * decoded once, streaming, by the audio layer's decoders (any format Turnscope imports), and only the
 * requested spans are kept, so memory is bounded by the clips, not the call. Clips are written as mono
 * 16-bit PCM WAV at the recording's rate: the caller's channel when the roles are known, else every
 * channel mixed (a mono recording, or roles nobody could tell apart).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { WasmStreamDecoder } from '../audio/decoders/wasm-decoder';
import { WavStreamDecoder } from '../audio/decoders/wav-decoder';
import type { DecodedAudio, StreamDecoder } from '../audio/decoders/stream-decoder';
import { detectAudioFormat } from '../audio/detect-format';
import { readerOf } from '../audio/file-reader';
import type { ReadAt } from '../audio/wav-header';

export interface ClipRequest {
  key: number;
  startMs: number;
  endMs: number;
}

export interface DecodedClip {
  key: number;
  startMs: number;
  endMs: number;
  sampleRate: number;
  samples: Float32Array;
}

export class ClipError extends Error {
  override name = 'ClipError';
}

const READ_BLOCK = 1 << 20;

async function openDecoder(path: string, readAt: ReadAt, size: number): Promise<StreamDecoder> {
  const d = detectAudioFormat(readAt);
  if (d.container === null) throw new ClipError(`${path}: not a recording Turnscope reads (saw ${d.seen})`);
  return d.container === 'wav' ? WavStreamDecoder.open(path, size, readAt) : WasmStreamDecoder.open(d.container, d.audioStart, size, readAt);
}

/** Decodes `path` once and returns the requested spans of `channel` (null: all channels averaged). */
export async function cutClips(path: string, channel: number | null, requests: readonly ClipRequest[]): Promise<DecodedClip[]> {
  if (requests.length === 0) return [];
  const fd = openSync(path, 'r');
  let decoder: StreamDecoder | null = null;
  try {
    const size = fstatSync(fd).size;
    const readAt = readerOf(fd, size);
    decoder = await openDecoder(path, readAt, size);
    let clips: Array<DecodedClip & { from: number; to: number; filled: number }> | null = null;
    let frame = 0;
    const take = (chunk: DecodedAudio): void => {
      if (!clips) {
        const rate = chunk.sampleRate;
        clips = requests.map((r) => {
          const from = Math.max(0, Math.floor((r.startMs / 1000) * rate));
          const to = Math.max(from, Math.ceil((r.endMs / 1000) * rate));
          return { key: r.key, startMs: r.startMs, endMs: r.endMs, sampleRate: rate, samples: new Float32Array(to - from), from, to, filled: 0 };
        });
      }
      const chans = chunk.channelData;
      if (channel !== null && channel >= chans.length) throw new ClipError(`${path}: the caller is on channel ${channel}, the recording has ${chans.length}`);
      for (const c of clips) {
        const a = Math.max(c.from, frame);
        const b = Math.min(c.to, frame + chunk.frames);
        for (let f = a; f < b; f++) {
          const i = f - frame;
          let x: number;
          if (channel !== null) x = chans[channel]![i]!;
          else {
            x = 0;
            for (const ch of chans) x += ch[i]!;
            x /= chans.length;
          }
          c.samples[f - c.from] = x;
        }
        if (b > a) c.filled = Math.max(c.filled, b - c.from);
      }
      frame += chunk.frames;
    };
    const last = Math.max(...requests.map((r) => r.endMs));
    let complete = false;
    for (let pos = decoder.start; pos < decoder.end; pos += READ_BLOCK) {
      const block = readAt(pos, Math.min(READ_BLOCK, decoder.end - pos));
      for (let at = 0; at < block.length; at += decoder.maxInput) {
        for (const chunk of await decoder.push(block.subarray(at, Math.min(block.length, at + decoder.maxInput)))) take(chunk);
      }
      // Stop decoding once every clip is complete: the rest of the call is not needed.
      const rate = (clips as DecodedClip[] | null)?.[0]?.sampleRate;
      if (rate && frame > (last / 1000) * rate + rate) {
        complete = true;
        break;
      }
    }
    if (!complete) for (const chunk of (await decoder.finish()).tail) take(chunk);
    if (!clips) throw new ClipError(`${path}: no audio could be decoded`);
    // A clip past the end of the recording keeps what exists (the rest is silence, not invented audio).
    return (clips as Array<DecodedClip & { filled: number }>).map((c) => ({
      key: c.key, startMs: c.startMs, endMs: c.startMs + (c.filled / c.sampleRate) * 1000, sampleRate: c.sampleRate, samples: c.samples.subarray(0, c.filled),
    }));
  } finally {
    decoder?.free();
    closeSync(fd);
  }
}
