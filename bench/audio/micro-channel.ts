/**
 * Micro-benchmark of the per-channel streaming analysis alone (no decode, no VAD): ns per input sample of
 * ChannelAnalyzer.push at 48 kHz on a synthetic two-talker-like signal. For optimisation work only.
 * usage: node --import tsx bench/audio/micro-channel.ts [seconds=120]
 */
import { ChannelAnalyzer } from '../../electron/main/audio/channel-analyzer';

const seconds = Number(process.argv[2] ?? 120);
const rate = 48000;
const n = rate * seconds;
const x = new Float32Array(n);
let seed = 1;
for (let i = 0; i < n; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  const env = Math.sin(i / 24000) > 0 ? 1 : 0.01;
  x[i] = env * (0.3 * Math.sin(i / 13) + 0.1 * Math.sin(i / 3.1)) + 0.001 * (seed / 2 ** 32 - 0.5);
}
const CHUNK = 1 << 16;
for (let r = 0; r < 4; r++) {
  const a = new ChannelAnalyzer(rate, { clipLevel: 0.99, clipMinRun: 3, maxClipEvents: 100 }, CHUNK);
  const t0 = performance.now();
  for (let i = 0; i < n; i += CHUNK) a.push(x.subarray(i, Math.min(n, i + CHUNK)), Math.min(CHUNK, n - i));
  const ms = performance.now() - t0;
  a.finish();
  console.log(`push: ${((ms * 1e6) / n).toFixed(2)} ns/sample`);
}
