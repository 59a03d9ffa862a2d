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

/** A pooled worker (analysis-pool.ts) takes requests one after another, each with an id its reply carries. */
export interface PooledRequest {
  id: number;
  request: AnalysisRequest;
}

export interface PooledReply {
  id: number;
  reply: AnalysisReply;
}
