/**
 * Worker-thread entry: analyses recordings one after another as they are posted to it, each reply carrying
 * its request's id (analysis-pool.ts); or, started by such a worker with `role: 'channels'`, is its helper
 * for the per-channel analysis (parallel-analysis.ts), or with `role: 'span'` analyses one span of the
 * recording (span-workers.ts).
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { AudioFormatError } from './audio-error';
import { REUSE_MAX_MS, type AnalysisReply, type AnalysisRequest, type PooledRequest } from './analysis-worker-protocol';
import { analyzeRecording, transferablesOf } from './analyze-recording-audio';
import { runChannelHelper } from './parallel-analysis';
import type { SpanJob } from './span-run';
import { runSpanWorker } from './span-workers';

const { port, role, job } = workerData as { port: MessagePort; role?: 'channels' | 'span'; job?: SpanJob };

/**
 * The decoder packages print each decode error to the console besides returning it. The analysis reports
 * those errors with the recording (and an import with its call), so on this thread the printed copies are
 * only noise in the user's terminal, out of order with the import's own output.
 */
const DECODER_LOG = /^(@wasm-audio-decoders\/|mpg123-decoder|ogg-opus-decoder|opus-decoder|codec-parser|libopus )/;
for (const level of ['error', 'warn'] as const) {
  const print = console[level].bind(console);
  console[level] = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && DECODER_LOG.test(args[0])) return;
    print(...args);
  };
}

async function analyzed(request: AnalysisRequest): Promise<{ reply: AnalysisReply; transfer: ArrayBuffer[] }> {
  try {
    const value = await analyzeRecording(request);
    // Copied while this worker will be kept, transferred when it will be retired (REUSE_MAX_MS says why).
    return { reply: { ok: true, value }, transfer: value.durationMs > REUSE_MAX_MS ? transferablesOf(value) : [] };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      reply: { ok: false, error: { name: e.name, message: e.message, ...(err instanceof AudioFormatError ? { path: err.path, problem: err.problem } : {}) } },
      transfer: [],
    };
  }
}

function runPooled(): void {
  port.on('message', ({ id, request }: PooledRequest) => {
    void analyzed(request).then(({ reply, transfer }) => port.postMessage({ id, reply }, transfer));
  });
}

if (role === 'channels') runChannelHelper(port);
else if (role === 'span') runSpanWorker(port, job!);
else runPooled();
