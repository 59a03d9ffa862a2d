/**
 * Runs the recording analysis (decode + peaks + speech activity + quality) on a worker thread, so a long
 * recording never blocks Electron's main thread (or the CLI's event loop) while it decodes. The workers are
 * kept between recordings (analysis-pool.ts).
 *
 * The worker entry is `analysis-worker.ts` (see worker-entry.ts). On a long recording that worker starts
 * span threads (span-workers.ts) or a helper for part of the analysis (parallel-analysis.ts).
 */
import type { AnalysisRequest } from './analysis-worker-protocol';
import { analyzeOnPooledWorker } from './analysis-pool';
import type { RecordingAudio } from './recording-audio';

/** Generous: a 2-hour Opus call decodes in about a minute here; a stuck decoder must still end. */
export function defaultTimeoutMs(byteSize: number): number {
  return 120_000 + (byteSize / (1 << 20)) * 5_000;
}

/** Analyses a recording on a worker thread; rejects after `timeoutMs` (and stops that worker). */
export function analyzeRecordingInWorker(request: AnalysisRequest, timeoutMs = defaultTimeoutMs(request.byteSizeHint ?? 0)): Promise<RecordingAudio> {
  return analyzeOnPooledWorker(request, timeoutMs);
}
