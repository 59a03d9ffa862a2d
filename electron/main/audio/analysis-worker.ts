/**
 * Worker-thread entry: analyses one recording and posts the result (or the error) back; with `pool`, takes
 * recordings one after another as they are posted to it (analysis-pool.ts); or, started by such a worker
 * with `role: 'channels'`, is its helper for the per-channel analysis (parallel-analysis.ts), or with
 * `role: 'span'` analyses one span of the recording (span-workers.ts).
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { AudioFormatError } from './audio-error';
import type { AnalysisReply, AnalysisRequest, PooledRequest } from './analysis-worker-protocol';
import { analyzeRecording, transferablesOf } from './analyze-recording-audio';
import { runChannelHelper } from './parallel-analysis';
import type { SpanJob } from './span-run';
import { runSpanWorker } from './span-workers';

const { request, port, signal, role, job, pool } = workerData as {
  request?: AnalysisRequest;
  port: MessagePort;
  signal?: Int32Array;
  role?: 'channels' | 'span';
  job?: SpanJob;
  pool?: boolean;
};
if (signal) {
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 1);
}

async function analyzed(request: AnalysisRequest): Promise<{ reply: AnalysisReply; transfer: ArrayBuffer[] }> {
  try {
    const value = await analyzeRecording(request);
    return { reply: { ok: true, value }, transfer: transferablesOf(value) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      reply: { ok: false, error: { name: e.name, message: e.message, ...(err instanceof AudioFormatError ? { path: err.path, problem: err.problem } : {}) } },
      transfer: [],
    };
  }
}

async function runOnce(request: AnalysisRequest): Promise<void> {
  const { reply, transfer } = await analyzed(request);
  port.postMessage(reply, transfer);
  if (signal) {
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  }
  port.close();
}

function runPooled(): void {
  port.on('message', ({ id, request }: PooledRequest) => {
    void analyzed(request).then(({ reply, transfer }) => port.postMessage({ id, reply }, transfer));
  });
}

if (role === 'channels') runChannelHelper(port);
else if (role === 'span') runSpanWorker(port, job!);
else if (pool) runPooled();
else void runOnce(request!);
