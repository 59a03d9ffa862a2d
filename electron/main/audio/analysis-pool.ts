/**
 * Analysis workers kept between recordings. Starting a worker costs more than analysing a short recording:
 * the thread, the analysis bundle and the decoders' WebAssembly compiled afresh, ~0.1–0.2 s of CPU, against
 * ~0.07 s to analyse a 30-second 48 kHz Opus call on a warm worker. An import of thousands of short calls
 * spent most of its audio time starting workers.
 *
 * A worker takes one recording at a time; more requests at once start more workers (the import bounds how
 * many it sends). A worker goes back to the pool after an ordinary recording and is stopped:
 * - after a long one (its heap grew with the recording; a fresh worker starts with none, and its start-up is
 *   nothing next to a long analysis),
 * - after a few hundred recordings (what a worker's heap keeps of each is small, but an import of ten
 *   thousand calls should not find out how small; one start-up per few hundred recordings costs nothing),
 * - after anything but a clean result or an unreadable-recording error,
 * - on a timeout (it may be stuck in a decoder),
 * - after sitting idle a few seconds.
 * Idle workers hold neither the process nor its event loop open.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { REUSE_MAX_MS, type AnalysisReply, type AnalysisRequest, type PooledReply } from './analysis-worker-protocol';
import { AudioFormatError } from './audio-error';
import type { RecordingAudio } from './recording-audio';
import { startAudioWorker } from './worker-entry';

/** An idle worker is stopped after this long. */
const IDLE_MS = 5000;
/** A worker is retired after this many recordings. */
export const MAX_USES = 250;

interface PooledWorker {
  worker: Worker;
  port: MessagePort;
  idleTimer: NodeJS.Timeout | null;
  /** The request in progress. */
  pending: { id: number; settle: (reply: AnalysisReply | Error) => void } | null;
  gone: boolean;
  uses: number;
}

const idle: PooledWorker[] = [];
let nextId = 1;
/** Workers started and requests served, for tests and benchmarks. */
export const poolStats = { started: 0, served: 0 };

function start(): PooledWorker {
  const { port1, port2 } = new MessageChannel();
  const worker = startAudioWorker({ port: port2 }, [port2]);
  poolStats.started++;
  const w: PooledWorker = { worker, port: port1, idleTimer: null, pending: null, gone: false, uses: 0 };
  port1.on('message', (m: PooledReply | AnalysisReply) => {
    // A reply without an id is the worker's own load failure (worker-entry.ts): it ends the worker.
    if (!('id' in m)) {
      retire(w);
      w.pending?.settle(m);
      return;
    }
    if (w.pending?.id === m.id) w.pending.settle(m.reply);
  });
  const fail = (err: Error): void => {
    retire(w);
    w.pending?.settle(err);
  };
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the audio analysis worker stopped (exit code ${code})`)));
  return w;
}

function retire(w: PooledWorker): void {
  if (w.gone) return;
  w.gone = true;
  if (w.idleTimer) clearTimeout(w.idleTimer);
  const at = idle.indexOf(w);
  if (at >= 0) idle.splice(at, 1);
  w.port.close();
  void w.worker.terminate();
}

function release(w: PooledWorker, reusable: boolean): void {
  w.pending = null;
  if (!reusable || w.gone) {
    retire(w);
    return;
  }
  w.port.unref();
  w.idleTimer = setTimeout(() => retire(w), IDLE_MS);
  w.idleTimer.unref();
  idle.push(w);
}

/** The analysis result of a worker's reply, or its error thrown as it was on the worker. */
export function unwrapReply(reply: AnalysisReply): RecordingAudio {
  if (reply.ok) return reply.value;
  if (reply.error.name === 'AudioFormatError') throw new AudioFormatError(reply.error.path ?? '', reply.error.problem ?? reply.error.message);
  const err = new Error(reply.error.message);
  err.name = reply.error.name;
  throw err;
}

/** Analyses one recording on a pooled worker; rejects after `timeoutMs` (and stops that worker). */
export function analyzeOnPooledWorker(request: AnalysisRequest, timeoutMs: number): Promise<RecordingAudio> {
  return new Promise((resolve, reject) => {
    let w: PooledWorker;
    try {
      w = idle.pop() ?? start();
    } catch (err) {
      reject(err);
      return;
    }
    if (w.idleTimer) clearTimeout(w.idleTimer);
    w.idleTimer = null;
    w.port.ref();
    const id = nextId++;
    const timer = setTimeout(() => {
      retire(w);
      w.pending?.settle(new AudioFormatError(request.path, `analysis did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    w.pending = {
      id,
      settle: (reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) {
          release(w, false);
          reject(reply);
          return;
        }
        poolStats.served++;
        const clean = reply.ok ? reply.value.durationMs <= REUSE_MAX_MS : reply.error.name === 'AudioFormatError';
        release(w, clean && ++w.uses < MAX_USES);
        try {
          resolve(unwrapReply(reply));
        } catch (err) {
          reject(err);
        }
      },
    };
    w.port.postMessage({ id, request });
  });
}

/** Stops every idle worker now (tests; a host shutting down). */
export function closeAnalysisPool(): void {
  for (const w of [...idle]) retire(w);
}
