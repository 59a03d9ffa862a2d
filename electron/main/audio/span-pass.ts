/**
 * The streaming pass split in time over several threads: the recording is cut into consecutive spans
 * (span-analysis.ts), each decoded from its own entry point (span-entry.ts) and analysed on its own thread,
 * and the spans are joined. The thread that started the pass takes the first span and also hashes the whole
 * file, in order, as the one-pass analysis does; the other spans run on worker threads.
 *
 * Used where the container says exactly where its frames are (WAV, FLAC). Anything unexpected (a decode
 * error, a span that ends short, a worker that fails) makes it give up and return null: the caller then runs
 * the one-pass analysis, which reports partial and corrupt files properly.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { DecodedAudio, StreamDecoder } from './decoders/stream-decoder';
import { WasmStreamDecoder } from './decoders/wasm-decoder';
import { WavStreamDecoder } from './decoders/wav-decoder';
import type { AudioContainer } from './detect-format';
import { joinSpans, SpanAnalysis, spanGrid, warmUpFrames, type SpanBounds, type SpanResult, type SpanSetup } from './span-analysis';
import { spanPlanner, type SpanEntry, type SpanPlanner } from './span-entry';
import type { ReadAt } from './wav-header';
import { startAudioWorker } from './worker-entry';

const READ_BLOCK = 1 << 20;
/** A span shorter than this is not worth a thread. */
const MIN_SPAN_SECONDS = 60;

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

function openFile(path: string): { fd: number; size: number; readAt: ReadAt } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const readAt: ReadAt = (position, length) => {
    const buf = Buffer.allocUnsafeSlow(Math.max(0, Math.min(length, size - position)));
    const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, position) : 0;
    return buf.subarray(0, n);
  };
  return { fd, size, readAt };
}

async function openDecoder(job: SpanJob, size: number, readAt: ReadAt): Promise<StreamDecoder> {
  return job.container === 'wav' ? WavStreamDecoder.open(job.path, size, readAt) : await WasmStreamDecoder.open(job.container, job.audioStart, size, readAt);
}

/**
 * Decodes and analyses one span on this thread. With `hash`, every byte of the file is read in order and
 * hashed too (the first span, which starts at the beginning of the file).
 */
export async function runSpan(job: SpanJob, hash?: Hash): Promise<SpanOutcome> {
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
    for (const [from, to] of job.entry.headers) take(await decoder.push(readAt(from, to - from)));
    at = job.entry.firstFrame;
    let decoding = true;
    const start = hash ? 0 : job.entry.byteFrom;
    for (let pos = start; pos < size && (decoding || hash); pos += READ_BLOCK) {
      const block = readAt(pos, READ_BLOCK);
      hash?.update(block);
      if (!decoding) continue;
      const from = Math.max(pos, job.entry.byteFrom, decoder.start);
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
    }
    return { result: span.finish(), problems };
  } finally {
    decoder?.free();
    closeSync(fd);
  }
}

/** Worker side: runs the span it was started with and posts the outcome. */
export function runSpanWorker(port: MessagePort, job: SpanJob): void {
  runSpan(job).then(
    (outcome) => {
      port.postMessage({ ok: true, outcome }, spanBuffers(outcome.result));
      port.close();
    },
    (err: unknown) => {
      port.postMessage({ ok: false, error: { message: err instanceof Error ? err.message : String(err) } });
      port.close();
    },
  );
}

function spanBuffers(r: SpanResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const { result } of r.channels) {
    set.add(result.finestPeaks.buffer as ArrayBuffer);
    set.add(result.features.speechEnergy.buffer as ArrayBuffer);
    set.add(result.features.levelEnvelope.buffer as ArrayBuffer);
    for (const b of result.features.bandEnergy) set.add(b.buffer as ArrayBuffer);
  }
  return [...set];
}

/** Runs a span on a worker thread. */
function spanOnWorker(job: SpanJob): { outcome: Promise<SpanOutcome>; stop: () => void } {
  const { port1, port2 } = new MessageChannel();
  const worker = startAudioWorker({ role: 'span', job, port: port2 }, [port2]);
  const outcome = new Promise<SpanOutcome>((resolve, reject) => {
    let settled = false;
    port1.on('message', (m: { ok: true; outcome: SpanOutcome } | { ok: false; error: { message: string } }) => {
      settled = true;
      if (m.ok) resolve(m.outcome);
      else reject(new Error(m.error.message));
    });
    worker.on('error', (err) => reject(err));
    // The worker posts its outcome and closes the port; the port's messages and the worker's exit travel
    // separately, so a missing outcome is judged when the port closes, not when the thread exits.
    port1.on('close', () => {
      if (!settled) reject(new Error('audio span worker ended without a result'));
    });
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`audio span worker exited with code ${code}`));
    });
  });
  outcome.catch(() => undefined);
  return {
    outcome,
    stop: () => {
      port1.close();
      void worker.terminate();
    },
  };
}

export interface SpanPassResult {
  sampleRate: number;
  channels: number;
  frames: number;
  sha256: string;
  /** How many spans. */
  count: number;
  joined: ReturnType<typeof joinSpans>;
}

/** The spans' jobs: equal lengths on the grid, each with its decoder's entry; null if not worth splitting. */
function planJobs(
  path: string,
  container: AudioContainer,
  audioStart: number,
  planner: SpanPlanner,
  setupOf: (sampleRate: number, channels: number) => SpanSetup,
  threads: number,
  minSpanSeconds: number,
): SpanJob[] | null {
  if (planner.channels < 1) return null;
  const grid = spanGrid(planner.sampleRate);
  const count = Math.min(threads, Math.floor(planner.frames / (minSpanSeconds * planner.sampleRate)));
  if (grid === null || count < 2) return null;
  const setup = setupOf(planner.sampleRate, planner.channels);
  const warm = warmUpFrames(planner.sampleRate, grid);
  const starts = Array.from({ length: count }, (_, k) => Math.round((k * planner.frames) / count / grid) * grid);
  const jobs: SpanJob[] = [];
  for (const [k, from] of starts.entries()) {
    const to = k + 1 < count ? starts[k + 1]! : null;
    const warmFrom = Math.max(0, from - warm);
    const entry = k === 0 ? { headers: [], byteFrom: 0, firstFrame: 0 } : planner.entryBefore(warmFrom);
    if (!entry) return null;
    jobs.push({ path, container, audioStart, setup, bounds: { warmFrom, from, to }, entry, expectedFrames: (to ?? planner.frames) - from });
  }
  return jobs;
}

/**
 * The pass in `threads` spans, or null when this recording is not split (container without a planner,
 * too short, an entry point not found) or a span ran into trouble.
 */
export async function analyzeInSpans(
  path: string,
  container: AudioContainer,
  audioStart: number,
  setupOf: (sampleRate: number, channels: number) => SpanSetup,
  threads: number,
  minSpanSeconds = MIN_SPAN_SECONDS,
): Promise<SpanPassResult | null> {
  const { fd, size, readAt } = openFile(path);
  let jobs: SpanJob[] | null;
  let planned: { frames: number; sampleRate: number; channels: number; setup: SpanSetup } | null = null;
  try {
    const planner = spanPlanner(path, container, audioStart, size, readAt);
    jobs = planner ? planJobs(path, container, audioStart, planner, setupOf, threads, minSpanSeconds) : null;
    if (planner) planned = { frames: planner.frames, sampleRate: planner.sampleRate, channels: planner.channels, setup: setupOf(planner.sampleRate, planner.channels) };
  } finally {
    closeSync(fd);
  }
  if (!jobs || !planned) return null;
  const { setup } = planned;
  const workers = jobs.slice(1).map(spanOnWorker);
  try {
    const hash = createHash('sha256');
    const first = await runSpan(jobs[0]!, hash);
    const outcomes = [first, ...(await Promise.all(workers.map((w) => w.outcome)))];
    if (outcomes.some((o) => o.problems.length > 0)) return null;
    const joined = joinSpans(
      outcomes.map((o) => o.result),
      setup.channel,
    );
    // The spans must cover the stream exactly as its container declares it.
    if (joined.frames !== planned.frames) return null;
    return { sampleRate: planned.sampleRate, channels: planned.channels, frames: joined.frames, sha256: hash.digest('hex'), count: jobs.length, joined };
  } catch (err) {
    // Silent by design (the one pass that follows reports what is wrong with the file); set
    // TURNSCOPE_DEBUG_SPANS to see why a recording was not split.
    if (process.env.TURNSCOPE_DEBUG_SPANS) console.error('span pass failed:', err);
    return null;
  } finally {
    for (const w of workers) w.stop();
  }
}
