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

const path = process.argv[2];
if (!path) {
  console.error('usage: analyze-one.ts <recording> [--helper auto|never|always]');
  process.exit(2);
}
const hi = process.argv.indexOf('--helper');
const helper = (hi >= 0 ? process.argv[hi + 1] : 'auto') as 'always' | 'never' | 'auto';
const ti = process.argv.indexOf('--threads');
const spanThreads = ti >= 0 ? Number(process.argv[ti + 1]) : undefined;
const th = loadAudioThresholds(resourcesDir());
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = await analyzeRecordingInWorker({ path, signal: signalOptions(th), vad: th.vad, byteSizeHint: statSync(path).size, helper, ...(spanThreads !== undefined ? { spanThreads } : {}) });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    codec: r.codec,
    durationMs: Math.round(r.durationMs),
    channels: r.channels,
    segments: r.channelAudio.map((c) => c.segments.length),
    complete: r.decode.complete,
  }),
);
