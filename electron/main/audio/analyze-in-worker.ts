/**
 * Runs the recording analysis (decode + peaks + speech activity + quality) on a worker thread, so a long
 * recording never blocks Electron's main thread (or the CLI's event loop) while it decodes.
 *
 * Two ways in: `analyzeRecordingInWorker` returns a promise (for async callers), and
 * `analyzeRecordingBlocking` waits for the worker synchronously (Atomics.wait + receiveMessageOnPort), for
 * today's synchronous import path; either way the decoding itself happens on the worker.
 *
 * The worker entry is `analysis-worker.ts` (see worker-entry.ts). On a long recording that worker starts a
 * second one for part of the analysis (parallel-analysis.ts).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { AudioFormatError } from './audio-error';
import type { AnalysisRequest, AnalysisReply } from './analysis-worker-protocol';
import type { RecordingAudio } from './recording-audio';
import { startAudioWorker } from './worker-entry';

function startWorker(request: AnalysisRequest, port: MessagePort, signal?: Int32Array): Worker {
  return startAudioWorker({ request, port, signal }, [port]);
}

function unwrap(reply: AnalysisReply): RecordingAudio {
  if (reply.ok) return reply.value;
  if (reply.error.name === 'AudioFormatError') throw new AudioFormatError(reply.error.path ?? '', reply.error.problem ?? reply.error.message);
  const err = new Error(reply.error.message);
  err.name = reply.error.name;
  throw err;
}

/** Generous: a 2-hour Opus call decodes in about a minute here; a stuck decoder must still end. */
export function defaultTimeoutMs(byteSize: number): number {
  return 120_000 + (byteSize / (1 << 20)) * 5_000;
}

export function analyzeRecordingInWorker(request: AnalysisRequest, timeoutMs = defaultTimeoutMs(request.byteSizeHint ?? 0)): Promise<RecordingAudio> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      worker = startWorker(request, port2);
    } catch (err) {
      reject(err);
      return;
    }
    const timer = setTimeout(() => {
      void worker.terminate();
      port1.close();
      reject(new AudioFormatError(request.path, `analysis did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    port1.once('message', (reply: AnalysisReply) => {
      clearTimeout(timer);
      port1.close();
      try {
        resolve(unwrap(reply));
      } catch (err) {
        reject(err);
      }
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      port1.close();
      reject(err);
    });
  });
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
    return unwrap(received.message as AnalysisReply);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
