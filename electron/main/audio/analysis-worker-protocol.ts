import type { SignalOptions } from './analyze-recording';
import type { RecordingAudio } from './recording-audio';
import type { VadOptions } from './speech-activity';

export interface AnalysisRequest {
  path: string;
  signal: SignalOptions;
  vad: VadOptions;
  /** File size, for the timeout (optional). */
  byteSizeHint?: number;
  /** A second thread for the per-channel analysis (analyze-recording.ts SignalRun); 'auto' when absent. */
  helper?: 'auto' | 'always' | 'never';
  /** Threads for the split in time regardless of the machine (benchmarks); see SignalRun.spanThreads. */
  spanThreads?: number;
  /** Shortest span worth a thread (tests split short recordings); see SignalRun.minSpanSeconds. */
  minSpanSeconds?: number;
}

export type AnalysisReply =
  | { ok: true; value: RecordingAudio }
  | { ok: false; error: { name: string; message: string; path?: string; problem?: string } };

/**
 * A worker is kept for the next recording after one no longer than this (analysis-pool.ts). Its reply then
 * copies the result instead of transferring its buffers: a transfer detaches them, and once any buffer of a
 * thread has been detached V8 checks every typed-array access of that thread for it, ~15 % slower analysis
 * for the rest of the worker's life (measured). After a longer recording the worker is retired, and the
 * result, which is larger, is transferred.
 */
export const REUSE_MAX_MS = 20 * 60 * 1000;

/** A pooled worker (analysis-pool.ts) takes requests one after another, each with an id its reply carries. */
export interface PooledRequest {
  id: number;
  request: AnalysisRequest;
}

export interface PooledReply {
  id: number;
  reply: AnalysisReply;
}
