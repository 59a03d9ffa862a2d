/**
 * Turns the summed cross-correlations of echo-analyzer.ts into findings: for each direction (channel 0
 * into 1, channel 1 into 0) the delay with the strongest phase-transform peak, how far that peak stands
 * out of the rest (z-score over all lags), the leak's level relative to its source, and the windows
 * where the peak shows, which place the echo on the timeline.
 */
import type { EchoPairFeatures } from './echo-analyzer';

export interface EchoEstimate {
  /** The channel whose audio leaks... */
  source: number;
  /** ...into this one. */
  target: number;
  delayMs: number;
  /** Level of the leaked copy relative to the source, dB (0 = as loud as the source). */
  levelDb: number;
  /** Correlation coefficient of target with the delayed source over the source's active windows. */
  correlation: number;
  /** How far the peak stands above the correlation at other delays, in standard deviations. */
  prominence: number;
  /** Where on the timeline the leak shows (merged 1 s analysis windows). */
  spans: { startMs: number; endMs: number }[];
  windowCount: number;
}

export function estimateEcho(f: EchoPairFeatures): EchoEstimate[] {
  const out: EchoEstimate[] = [];
  const M = f.maxLag;
  for (const source of [0, 1] as const) {
    if (f.windowCount[source] === 0) continue;
    const phat = f.phat[source];
    // Source 1 leaking into 0 shows at negative lags (channel 1 leads); source 0 into 1 at positive lags.
    const from = source === 1 ? 0 : M;
    const to = source === 1 ? M : 2 * M;
    let best = from;
    let sum = 0;
    let sumSq = 0;
    for (let k = from; k <= to; k++) {
      const v = phat[k]!;
      if (v > phat[best]!) best = k;
      sum += v;
      sumSq += v * v;
    }
    const count = to - from + 1;
    const mean = sum / count;
    const std = Math.sqrt(Math.max(1e-30, sumSq / count - mean * mean));
    const lag = best - M;
    const cross = f.cross[source][best]!;
    const gain = cross / Math.max(1e-20, f.sourceEnergy[source]);
    const correlation = cross / Math.sqrt(Math.max(1e-30, f.sourceEnergy[source] * f.otherEnergy[source]));
    const spans: { startMs: number; endMs: number }[] = [];
    for (const w of f.windows) {
      if (!w.active[source]) continue;
      const hit = w.peaks.findIndex((p) => Math.abs(p.lag - lag) <= 2);
      if (hit < 0) continue;
      const rho = w.cross[hit]! / Math.sqrt(Math.max(1e-30, w.energy[0] * w.energy[1]));
      if (rho * Math.sign(correlation) < 0.05) continue;
      const last = spans[spans.length - 1];
      const endMs = w.startMs + 1000;
      if (last && w.startMs <= last.endMs + 1000) last.endMs = endMs;
      else spans.push({ startMs: w.startMs, endMs });
    }
    out.push({
      source,
      target: 1 - source,
      delayMs: (Math.abs(lag) / f.rate) * 1000,
      levelDb: 20 * Math.log10(Math.max(1e-6, Math.abs(gain))),
      correlation,
      prominence: (phat[best]! - mean) / std,
      spans,
      windowCount: f.windowCount[source],
    });
  }
  return out;
}
