/**
 * One span of a recording decoded and analysed on the current thread (span-pass.ts runs one per thread):
 * a fresh decoder is fed the codec's headers, then the file from the span's entry point, until the span's
 * analysis wants no more.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { DecodedAudio, StreamDecoder } from './decoders/stream-decoder';
import { readerOf, reusedBlockReader } from './file-reader';
import { WasmStreamDecoder } from './decoders/wasm-decoder';
import { WavStreamDecoder } from './decoders/wav-decoder';
import type { AudioContainer } from './detect-format';
import { SpanAnalysis, type SpanBounds, type SpanResult, type SpanSetup } from './span-analysis';
import type { SpanEntry } from './span-entry';
import type { ReadAt } from './wav-header';

export const READ_BLOCK = 1 << 20;

export interface SpanJob {
  path: string;
  container: AudioContainer;
  audioStart: number;
  setup: SpanSetup;
  bounds: SpanBounds;
  entry: SpanEntry;
  /** Frames the span covers (sizes its feature arrays). */
  expectedFrames: number;
}

export interface SpanOutcome {
  result: SpanResult;
  /** The span's decoder reported trouble: the caller falls back to one pass. */
  problems: string[];
}

export function openFile(path: string): { fd: number; size: number; readAt: ReadAt } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return { fd, size, readAt: readerOf(fd, size) };
}

async function openDecoder(job: SpanJob, size: number, readAt: ReadAt): Promise<StreamDecoder> {
  return job.container === 'wav' ? WavStreamDecoder.open(job.path, size, readAt) : await WasmStreamDecoder.open(job.container, job.audioStart, size, readAt, true);
}

/** Decodes and analyses one span on this thread. */
export async function runSpan(job: SpanJob): Promise<SpanOutcome> {
  const { fd, size, readAt } = openFile(job.path);
  let decoder: StreamDecoder | null = null;
  try {
    decoder = await openDecoder(job, size, readAt);
    const span = new SpanAnalysis(job.setup, job.bounds, job.expectedFrames);
    const problems: string[] = [];
    let at = job.entry.firstFrame;
    const take = (chunks: DecodedAudio[]): void => {
      for (const c of chunks) {
        if (c.sampleRate !== job.setup.sampleRate || c.channelData.length !== job.setup.channels) problems.push(`the stream's format changes at frame ${at}`);
        else if (span.wants(at)) span.push(c.channelData, c.frames, at);
        at += c.frames;
      }
    };
    // Headers decode to nothing; what follows them starts at the entry's frame.
    for (const [from, to] of job.entry.headers) take(await decoder.push(readAt(from, to - from)));
    at = job.entry.firstFrame;
    let decoding = true;
    // The WAV decoder copies what it keeps, so its blocks can share one buffer; the others may hold on to theirs.
    const readBlock = decoder instanceof WavStreamDecoder ? reusedBlockReader(fd, size, READ_BLOCK) : (pos: number) => readAt(pos, READ_BLOCK);
    for (let pos = job.entry.byteFrom; pos < size && decoding; pos += READ_BLOCK) {
      const block = readBlock(pos);
      const from = Math.max(pos, decoder.start);
      const to = Math.min(pos + block.length, decoder.end);
      for (let p = from; p < to && decoding; p += decoder.maxInput) {
        take(await decoder.push(block.subarray(p - pos, Math.min(to, p + decoder.maxInput) - pos)));
        decoding = span.wants(at) && problems.length === 0;
      }
    }
    if (decoding) {
      const end = await decoder.finish();
      take(end.tail);
      problems.push(...end.problems);
    } else if (decoder.errorCount > 0) problems.push(`${decoder.errorCount} corrupt frames in the span`);
    return { result: span.finish(), problems };
  } finally {
    decoder?.free();
    closeSync(fd);
  }
}
