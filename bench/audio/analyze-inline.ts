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
import { option, printMeasured, type HelperMode } from './measure';

const path = process.argv[2];
if (!path) {
  console.error('usage: analyze-inline.ts <recording>');
  process.exit(2);
}
const th = loadAudioThresholds(resourcesDir());
const helper = (option('helper') ?? 'never') as HelperMode;
await printMeasured(
  async () => summarizeSignal(await analyzeSignal(path, signalOptions(th), { helper, vad: th.vad }), th.vad),
  (r) => ({ codec: r.codec, durationMs: Math.round(r.durationMs), segments: r.channelAudio.map((c) => c.segments.length) }),
);
