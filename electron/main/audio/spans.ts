/** Small helpers over time spans (ms) shared by the audio findings. */
export interface Span {
  startMs: number;
  endMs: number;
}

export const overlapMs = (a: Span, b: Span): number => Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));

/** Total time of `spans` inside `window` (spans assumed not to overlap each other). */
export function coveredMs(spans: readonly Span[], window: Span): number {
  let t = 0;
  for (const s of spans) {
    if (s.startMs >= window.endMs) break;
    t += overlapMs(s, window);
  }
  return t;
}

export const intersects = (a: Span, b: Span): boolean => a.startMs < b.endMs && b.startMs < a.endMs;
