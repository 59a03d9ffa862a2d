/**
 * Percentiles by the NEAREST-RANK method, the only definition used anywhere in Turnscope:
 *   sort ascending; P_p = the value at 1-based rank ceil(p/100 × n) (rank 1 for p = 0).
 * Chosen because it always returns a latency that actually happened (no interpolated 512.5 ms that
 * no caller experienced) and is the usual definition for latency SLOs. Example, n = 10 values
 * 100..1000: P50 = rank 5 = 500, P90 = rank 9 = 900, P95 = rank ceil(9.5) = 10 = 1000.
 */

export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be within 0..100, got ${p}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

/** Same on an already ascending-sorted array of finite numbers. */
export function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  // The epsilon keeps p/100*n = 9.000000000000002 from becoming rank 10 through float error.
  const rank = Math.max(1, Math.ceil((p / 100) * n - 1e-9));
  return sorted[Math.min(n, rank) - 1]!;
}

export interface PercentileSummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

export function summarize(values: readonly number[]): PercentileSummary {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  return {
    count: n,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    mean: n === 0 ? null : sorted.reduce((a, b) => a + b, 0) / n,
    max: n === 0 ? null : sorted[n - 1]!,
  };
}
