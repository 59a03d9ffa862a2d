/** The whole per-recording analysis on the current thread: the streaming pass, then the per-channel summary. */
import { analyzeSignal } from './analyze-recording';
import type { AnalysisRequest } from './analysis-worker-protocol';
import { summarizeSignal, type RecordingAudio } from './recording-audio';

export async function analyzeRecording(request: AnalysisRequest): Promise<RecordingAudio> {
  // A second thread for part of the analysis when the recording is long enough to be worth one.
  return summarizeSignal(await analyzeSignal(request.path, request.signal, {
    helper: request.helper ?? 'auto',
    vad: request.vad,
    ...(request.spanThreads !== undefined ? { spanThreads: request.spanThreads } : {}),
    ...(request.minSpanSeconds !== undefined ? { minSpanSeconds: request.minSpanSeconds } : {}),
  }), request.vad);
}

/** The typed arrays' buffers, moved (not copied) to the receiving thread. */
export function transferablesOf(r: RecordingAudio): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const p of r.peaks) set.add(p.data.buffer as ArrayBuffer);
  for (const c of r.channelAudio) {
    set.add(c.levelEnvelope.buffer as ArrayBuffer);
    set.add(c.speechEnvelope.buffer as ArrayBuffer);
  }
  return [...set];
}
