/**
 * Where a decoder can start in the middle of a recording, for the span analysis (span-pass.ts): the codec
 * headers it must be fed first, the byte where its audio begins, and the recording frame of the first
 * sample it will then decode. Read from the container's own structure (WAV's block alignment, FLAC's
 * frame headers, Ogg's granule positions, MP3's frame count), never guessed from the bitrate, so a span's
 * samples land on the recording's timeline exactly.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { AudioCodec } from '../../../shared/model/recording';
import { flacFrameHeader, readFlacLayout } from './decoders/flac-frames';
import { detectAudioFormat, type AudioContainer } from './detect-format';
import { readerOf } from './file-reader';
import { mp3LengthHint, mpegFrameAt } from './mpeg-frame';
import { mp3Planner } from './span-entry-mp3';
import { oggPlanner } from './span-entry-ogg';
import { readWavHeader, type ReadAt } from './wav-header';

/** How a decoder for one span begins. */
export interface SpanEntry {
  /** Byte ranges [from, to) fed to a fresh decoder before the audio (the codec's headers). */
  headers: [number, number][];
  /** First byte of audio fed after the headers. */
  byteFrom: number;
  /** Recording frame of the first sample the decoder will output. */
  firstFrame: number;
}

/** What a container says about its stream before decoding, and how to start decoding anywhere in it. */
export interface SpanPlanner {
  codec: AudioCodec;
  /** Sample size for PCM and FLAC; 0 for lossy codecs. */
  bitsPerSample: number;
  sampleRate: number;
  channels: number;
  /** Frames in the stream (exact for WAV and FLAC's STREAMINFO). */
  frames: number;
  /** An entry whose first decoded frame is at or before `frame` (and as close as the container allows), or null. */
  entryBefore(frame: number): SpanEntry | null;
}

/** A planner for the containers spans are supported for; null for the others (they are analysed in one pass). */
export function spanPlanner(path: string, container: AudioContainer, audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  if (container === 'wav') return wavPlanner(path, fileSize, readAt);
  if (container === 'flac') return flacPlanner(audioStart, fileSize, readAt);
  if (container === 'ogg-opus') return oggPlanner('opus', audioStart, fileSize, readAt);
  if (container === 'ogg-vorbis') return oggPlanner('vorbis', audioStart, fileSize, readAt);
  return mp3Planner(audioStart, fileSize, readAt);
}

function wavPlanner(path: string, fileSize: number, readAt: ReadAt): SpanPlanner {
  const f = readWavHeader(path, fileSize, readAt);
  return {
    codec: f.codec,
    bitsPerSample: f.bitsPerSample,
    sampleRate: f.sampleRate,
    channels: f.channels,
    frames: f.frames,
    // The WAV decoder reads the header itself; its audio is any whole frame on.
    entryBefore: (frame) => ({ headers: [], byteFrom: f.dataOffset + Math.min(frame, f.frames) * f.blockAlign, firstFrame: Math.min(frame, f.frames) }),
  };
}

function flacPlanner(audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  const info = readFlacLayout(audioStart, fileSize, readAt);
  if (!info || info.totalSamples === 0 || info.maxBlock === 0) return null;
  const audioBytes = fileSize - info.firstFrame;
  const headers: [number, number][] = [[audioStart, info.firstFrame]];
  return {
    codec: 'flac',
    bitsPerSample: info.bitsPerSample,
    sampleRate: info.sampleRate,
    channels: info.channels,
    frames: info.totalSamples,
    entryBefore(frame) {
      if (frame <= 0) return { headers: [], byteFrom: audioStart, firstFrame: 0 };
      // From where the bitrate puts the frame, back until a frame header starts at or before it.
      const guess = info.firstFrame + Math.floor((frame / info.totalSamples) * audioBytes);
      for (let back = 1 << 16; back <= 1 << 26; back *= 4) {
        const from = Math.max(info.firstFrame, guess - back);
        const b = readAt(from, Math.min(back + (1 << 16), fileSize - from));
        let best: { at: number; sample: number } | null = null;
        for (let i = 0; i + 16 <= b.length; i++) {
          if (b[i] !== 0xff) continue;
          const sample = flacFrameHeader(b, i, info)?.sample ?? null;
          // Audio bytes can look like a header by chance: real headers count up.
          if (sample === null || (best !== null && sample <= best.sample)) continue;
          if (sample > frame) break;
          best = { at: from + i, sample };
        }
        if (best) return { headers, byteFrom: best.at, firstFrame: best.sample };
        if (from === info.firstFrame) break;
      }
      return null;
    },
  };
}

/**
 * How long a recording is, from its container alone (a few reads, no decoding), or null when the container
 * does not say or the file cannot be read. For deciding how much to run at once before analysing it.
 */
export function recordingSecondsHint(path: string): number | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const readAt = readerOf(fd, size);
    const detected = detectAudioFormat(readAt);
    if (detected.container === null) return null;
    if (detected.container === 'mp3') {
      // From the first frame (its Xing count, or its bitrate): walking every frame, as the planner does, would
      // read the whole file once more only to guess a length.
      const head = readAt(detected.audioStart, 256);
      const frames = mp3LengthHint(head, size - detected.audioStart);
      const first = mpegFrameAt(head, 0);
      return frames !== null && first ? frames / first.sampleRate : null;
    }
    const planner = spanPlanner(path, detected.container, detected.audioStart, size, readAt);
    return planner ? planner.frames / planner.sampleRate : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
