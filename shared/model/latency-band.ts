/** The seed's end-to-end latency bands: under 500 ms healthy, 500–1200 ms warning, over 1200 ms critical. */
export type LatencyBand = 'healthy' | 'warning' | 'critical';

export const LATENCY_WARNING_MS = 500;
export const LATENCY_CRITICAL_MS = 1200;

export function latencyBand(endToEndMs: number): LatencyBand {
  if (endToEndMs > LATENCY_CRITICAL_MS) return 'critical';
  if (endToEndMs >= LATENCY_WARNING_MS) return 'warning';
  return 'healthy';
}
