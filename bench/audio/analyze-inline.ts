/**
 * The same analysis as analyze-one.ts but on this thread (no worker), for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/audio/analyze-inline.ts <recording> [--helper never|always|auto]
 * (by default the whole analysis on this thread; --helper always: the per-channel part on a second one).
 * Prints wall time, CPU time and peak RSS as one JSON line.
 */
import { analyzeSignal } from '../../electron/main/audio/analyze-recording';
import { summarizeSignal } from '../../electron/main/audio/recording-audio';
import { loadAudioThresholds } from '../../electron/main/audio/audio-thresholds';
import { resourcesDir } from '../../electron/main/paths';
import { signalOptions } from '../../electron/main/import/prepare-recording';

const path = process.argv[2];
if (!path) {
  console.error('usage: analyze-inline.ts <recording>');
  process.exit(2);
}
const th = loadAudioThresholds(resourcesDir());
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const hi = process.argv.indexOf('--helper');
const helper = (hi >= 0 ? process.argv[hi + 1] : 'never') as 'always' | 'never' | 'auto';
const r = summarizeSignal(await analyzeSignal(path, signalOptions(th), { helper, vad: th.vad }), th.vad);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    codec: r.codec,
    durationMs: Math.round(r.durationMs),
    segments: r.channelAudio.map((c) => c.segments.length),
  }),
);
