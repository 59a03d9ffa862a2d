import type { SourceFile } from './formats/trace-adapter';

/**
 * The detector that recognizes a file's content best (highest score above 0; list order breaks ties), or
 * null. A detector that throws on odd input counts as "not mine", never as a failed import.
 */
export function bestDetection<A extends { detect(file: SourceFile): number }>(adapters: readonly A[], file: SourceFile): { adapter: A; score: number } | null {
  let best: { adapter: A; score: number } | null = null;
  for (const adapter of adapters) {
    let score = 0;
    try {
      score = adapter.detect(file);
    } catch {
      score = 0;
    }
    if (score > 0 && (!best || score > best.score)) best = { adapter, score };
  }
  return best;
}
