/**
 * Runs the recording analysis (decode + peaks + speech activity + quality) on a worker thread, so a long
 * recording never blocks Electron's main thread (or the CLI's event loop) while it decodes.
 *
 * Two ways in: `analyzeRecordingInWorker` returns a promise (the import's way; its workers are kept between
 * recordings, analysis-pool.ts), and `analyzeRecordingBlocking` waits for a worker of its own synchronously
 * (Atomics.wait + receiveMessageOnPort), for synchronous callers; either way the decoding happens on a worker.
 *
 * The worker entry is `analysis-worker.ts` (see worker-entry.ts). On a long recording that worker starts a
 * second one for part of the analysis (parallel-analysis.ts).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { AudioFormatError } from './audio-error';
import type { AnalysisRequest, AnalysisReply } from './analysis-worker-protocol';
import type { RecordingAudio } from './recording-audio';
import { analyzeOnPooledWorker, unwrapReply } from './analysis-pool';
import { startAudioWorker } from './worker-entry';

function startWorker(request: AnalysisRequest, port: MessagePort, signal?: Int32Array): Worker {
  return startAudioWorker({ request, port, signal }, [port]);
}

/** Generous: a 2-hour Opus call decodes in about a minute here; a stuck decoder must still end. */
export function defaultTimeoutMs(byteSize: number): number {
  return 120_000 + (byteSize / (1 << 20)) * 5_000;
}

/** Analyses a recording on a worker thread (one kept between recordings: analysis-pool.ts). */
export function analyzeRecordingInWorker(request: AnalysisRequest, timeoutMs = defaultTimeoutMs(request.byteSizeHint ?? 0)): Promise<RecordingAudio> {
  return analyzeOnPooledWorker(request, timeoutMs);
}

/** How long a worker may take to start running the entry (tsx compiling it from source is the slow case). */
const START_TIMEOUT_MS = 30_000;

export function analyzeRecordingBlocking(request: AnalysisRequest, timeoutMs = defaultTimeoutMs(request.byteSizeHint ?? 0)): RecordingAudio {
  // [0]: 1 when the reply is posted; [1]: 1 once the worker's entry runs.
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker(request, port2, signal);
  const started = Date.now();
  try {
    // A worker that cannot start (bad flags, missing bundle) never signals: give up on it early.
    if (Atomics.wait(signal, 1, 0, Math.min(timeoutMs, START_TIMEOUT_MS)) === 'timed-out' && Atomics.load(signal, 0) === 0) {
      throw new Error(`the audio analysis worker did not start within ${Math.round(Math.min(timeoutMs, START_TIMEOUT_MS) / 1000)} s`);
    }
    const left = Math.max(0, timeoutMs - (Date.now() - started));
    if (Atomics.wait(signal, 0, 0, left) === 'timed-out') {
      throw new AudioFormatError(request.path, `analysis did not finish within ${Math.round(timeoutMs / 1000)} s`);
    }
    const received = receiveMessageOnPort(port1);
    if (!received) throw new Error('the audio analysis worker signalled completion without a result');
    return unwrapReply(received.message as AnalysisReply);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
