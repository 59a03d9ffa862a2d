/**
 * The streaming pass split in time over several threads: the recording is cut into consecutive spans
 * (span-analysis.ts), each decoded from its own entry point (span-entry.ts) and analysed on its own thread
 * (span-run.ts), and the spans are joined. The thread that started the pass takes the first span, worker
 * threads the others (span-workers.ts), and one more thread hashes the whole file meanwhile. The speech
 * detection that follows is shared out over the span threads too, a channel each.
 *
 * Used where the container says exactly where its frames are. Anything unexpected (a decode error, a span
 * that ends short, a worker that fails) makes it give up and return null: the caller then runs the
 * one-pass analysis, which reports partial and corrupt files properly.
 */
import { closeSync } from 'node:fs';
import type { AudioCodec } from '../../../shared/model/recording';
import type { AudioContainer } from './detect-format';
import { joinSpans, spanGrid, warmUpFrames, type SpanSetup } from './span-analysis';
import { spanPlanner, type SpanPlanner } from './span-entry';
import { openFile, runSpan, type SpanJob } from './span-run';
import { hashOnWorker, SpanWorker } from './span-workers';
import { CONCURRENT_VAD_MAX_SECONDS, detectSpeech, type ChannelActivity, type VadOptions } from './speech-activity';

/**
 * A span shorter than this is not worth a thread: starting one (the worker bundle, the decoder's
 * WebAssembly, the hashing thread) costs a few hundred milliseconds. Measured on 2 cores, built: a 20-minute
 * WAV gains 23 % from 2 spans and a 10-minute one nothing; a 10-minute Opus call gains 25 %, a 6-minute one
 * 10 %, a 6-minute MP3 nothing. Decoding makes compressed audio pay off sooner.
 */
const MIN_SPAN_SECONDS = { pcm: 600, compressed: 300 };
/**
 * Each span thread holds its own decoder (an Opus decoder's WebAssembly memory alone is ~30 MB) and
 * features, so memory grows with the threads: measured on a 2-hour 48 kHz stereo Opus call, 193 MB in one
 * pass, 230 MB in 2 spans, 272 MB in 3, 341 MB in 4 (over the 300 MB bound). Recordings longer than this
 * are split in 2 at most.
 */
const LONG_SECONDS = 90 * 60;

export interface SpanPassResult {
  codec: AudioCodec;
  bitsPerSample: number;
  sampleRate: number;
  channels: number;
  frames: number;
  sha256: string;
  /** How many spans. */
  count: number;
  joined: ReturnType<typeof joinSpans>;
  /** Speech activity per channel, when asked for (those channels' sub-band energies are let go). */
  activities: ChannelActivity[] | null;
}

/** The spans' jobs: equal lengths on the grid, each with its decoder's entry; null if not worth splitting. */
function planJobs(path: string, container: AudioContainer, audioStart: number, planner: SpanPlanner, setup: SpanSetup, threads: number, minSpanSeconds: number): SpanJob[] | null {
  const grid = spanGrid(planner.sampleRate);
  const seconds = planner.frames / planner.sampleRate;
  const count = Math.min(threads, seconds > LONG_SECONDS ? 2 : threads, Math.floor(seconds / minSpanSeconds));
  if (grid === null || count < 2 || planner.channels < 1) return null;
  const warm = warmUpFrames(planner.sampleRate, grid);
  const starts = Array.from({ length: count }, (_, k) => Math.round((k * planner.frames) / count / grid) * grid);
  const jobs: SpanJob[] = [];
  for (const [k, from] of starts.entries()) {
    const to = k + 1 < count ? starts[k + 1]! : null;
    const warmFrom = Math.max(0, from - warm);
    const entry = k === 0 ? { headers: [], byteFrom: 0, firstFrame: 0 } : planner.entryBefore(warmFrom);
    if (!entry) return null;
    const bounds = { warmFrom, from, to, end: to === null ? planner.frames : null };
    jobs.push({ path, container, audioStart, setup, bounds, entry, expectedFrames: (to ?? planner.frames) - from });
  }
  return jobs;
}

/**
 * The pass in up to `threads` spans, or null when this recording is not split (container without a
 * planner, too short, an entry point not found) or a span ran into trouble.
 */
export async function analyzeInSpans(
  path: string,
  container: AudioContainer,
  audioStart: number,
  setupOf: (codec: AudioCodec, sampleRate: number, channels: number) => SpanSetup,
  threads: number,
  vad: VadOptions | null,
  minSpanSeconds = container === 'wav' ? MIN_SPAN_SECONDS.pcm : MIN_SPAN_SECONDS.compressed,
): Promise<SpanPassResult | null> {
  const { fd, size, readAt } = openFile(path);
  let planner: SpanPlanner | null;
  let jobs: SpanJob[] | null = null;
  try {
    planner = spanPlanner(path, container, audioStart, size, readAt);
    if (planner) jobs = planJobs(path, container, audioStart, planner, setupOf(planner.codec, planner.sampleRate, planner.channels), threads, minSpanSeconds);
  } catch {
    // A header the planner cannot read: the one pass reads it again and says what is wrong with it.
    return null;
  } finally {
    closeSync(fd);
  }
  if (!planner || !jobs) return null;
  const setup = jobs[0]!.setup;
  const hashing = hashOnWorker(path);
  const workers = jobs.slice(1).map((job) => new SpanWorker(job));
  try {
    const first = await runSpan(jobs[0]!);
    const outcomes = [first, ...(await Promise.all(workers.map((w) => w.outcome)))];
    if (outcomes.some((o) => o.problems.length > 0)) return null;
    const joined = joinSpans(
      outcomes.map((o) => o.result),
      setup.channel,
    );
    // The spans must cover the stream exactly as its container declares it.
    if (joined.frames !== planner.frames) return null;
    // On a long recording the speech detection is left to the caller, one channel after the other once
    // the span threads are gone: run on every thread at once, its scratch would add up past the memory bound.
    const together = vad !== null && joined.frames <= CONCURRENT_VAD_MAX_SECONDS * planner.sampleRate;
    const activities = together ? await detectShared(joined, workers, vad) : null;
    const { codec, bitsPerSample, sampleRate, channels } = planner;
    return { codec, bitsPerSample, sampleRate, channels, frames: joined.frames, sha256: await hashing.sha256, count: jobs.length, joined, activities };
  } catch (err) {
    // Silent by design (the one pass that follows reports what is wrong with the file); set
    // TURNSCOPE_DEBUG_SPANS to see why a recording was not split.
    if (process.env.TURNSCOPE_DEBUG_SPANS) console.error('span pass failed:', err);
    return null;
  } finally {
    // Gone before the caller goes on (to the speech detection of a long recording, say), memory and all.
    await Promise.all([hashing.stop(), ...workers.map((w) => w.stop())]);
  }
}


/** Speech detection of every channel, shared out round-robin over this thread and the span workers. */
async function detectShared(joined: ReturnType<typeof joinSpans>, workers: SpanWorker[], vad: VadOptions): Promise<ChannelActivity[]> {
  const share = joined.results.map((r, k) => ({ channel: r.channel, f: r.features, on: k % (workers.length + 1) }));
  const remote = workers.map((w, k) => w.detect(vad, share.filter((c) => c.on === k + 1)));
  const activities: ChannelActivity[] = [];
  for (const c of share.filter((c) => c.on === 0)) {
    activities[c.channel] = detectSpeech(c.f.bandEnergy, c.f.speechEnergy, vad);
    c.f.bandEnergy = [];
  }
  for (const list of await Promise.all(remote)) for (const a of list) activities[a.channel] = a.activity;
  return activities;
}
