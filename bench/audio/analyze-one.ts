/**
 * Child process of the audio benchmarks: analyses one recording exactly as import does (decode + peaks +
 * speech activity + quality + echo, on a worker thread) and prints wall time and this process's peak RSS
 * (worker included: threads share the process) as one JSON line, with the CPU time of all its threads.
 * usage: analyze-one.ts <recording> [--helper auto|never|always] [--threads N]   (auto, as import runs it;
 * --threads: split in time over N threads whatever the machine has, to measure the memory of N)
 */
import { statSync } from 'node:fs';
import { analyzeRecordingInWorker } from '../../electron/main/audio/analyze-in-worker';
import { loadAudioThresholds } from '../../electron/main/audio/audio-thresholds';
import { resourcesDir } from '../../electron/main/paths';
import { signalOptions } from '../../electron/main/import/prepare-recording';
import { option, printMeasured, type HelperMode } from './measure';

const path = process.argv[2];
if (!path) {
  console.error('usage: analyze-one.ts <recording> [--helper auto|never|always]');
  process.exit(2);
}
const helper = (option('helper') ?? 'auto') as HelperMode;
const threads = option('threads');
const spanThreads = threads !== undefined ? Number(threads) : undefined;
const th = loadAudioThresholds(resourcesDir());
await printMeasured(
  () => analyzeRecordingInWorker({ path, signal: signalOptions(th), vad: th.vad, byteSizeHint: statSync(path).size, helper, ...(spanThreads !== undefined ? { spanThreads } : {}) }),
  (r) => ({
    codec: r.codec,
    durationMs: Math.round(r.durationMs),
    channels: r.channels,
    segments: r.channelAudio.map((c) => c.segments.length),
    complete: r.decode.complete,
  }),
);
