/**
 * The threads of the span pass (span-pass.ts), both sides: a span worker decodes and analyses its span,
 * posts the outcome, then runs the speech detection of the channels it is handed once the spans are joined;
 * a hash worker reads the whole file in order for its SHA-256 while the spans decode.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { REUSE_MAX_MS } from './analysis-worker-protocol';
import type { ChannelFeatures } from './channel-analyzer';
import type { SpanResult } from './span-analysis';
import { READ_BLOCK, runSpan, type SpanJob, type SpanOutcome } from './span-run';
import { detectSpeech, type ChannelActivity, type VadOptions } from './speech-activity';
import { startAudioWorker } from './worker-entry';

type ToSpanWorker = { type: 'vad'; vad: VadOptions; channels: { channel: number; bandEnergy: Int16Array[]; speechEnergy: Int16Array }[] } | { type: 'done' };

export interface ChannelActivityOf {
  channel: number;
  activity: ChannelActivity;
}

type FromSpanWorker = { type: 'outcome'; outcome: SpanOutcome } | { type: 'activities'; activities: ChannelActivityOf[] } | { type: 'error'; message: string };

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Worker side of a span: started with `{ role: 'span', job, port }`. */
export function runSpanWorker(port: MessagePort, job: SpanJob): void {
  const fail = (err: unknown): void => {
    port.postMessage({ type: 'error', message: messageOf(err) } satisfies FromSpanWorker);
    port.close();
  };
  port.on('message', (m: ToSpanWorker) => {
    if (m.type === 'done') return port.close();
    try {
      const activities = m.channels.map((c) => ({ channel: c.channel, activity: detectSpeech(c.bandEnergy, c.speechEnergy, m.vad) }));
      port.postMessage({ type: 'activities', activities } satisfies FromSpanWorker);
      port.close();
    } catch (err) {
      fail(err);
    }
  });
  runSpan(job).then((outcome) => port.postMessage({ type: 'outcome', outcome } satisfies FromSpanWorker, spanBuffers(outcome.result)), fail);
}

function spanBuffers(r: SpanResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const { result } of r.channels) {
    set.add(result.finestPeaks.buffer as ArrayBuffer);
    set.add(result.features.speechEnergy.buffer as ArrayBuffer);
    set.add(result.features.levelEnvelope.buffer as ArrayBuffer);
    for (const b of result.features.bandEnergy) set.add(b.buffer as ArrayBuffer);
  }
  return [...set];
}

/** Reader side of a span worker. */
export class SpanWorker {
  readonly outcome: Promise<SpanOutcome>;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private onActivities: ((a: ChannelActivityOf[]) => void) | null = null;
  private readonly rejects: ((e: Error) => void)[] = [];
  private settledError: Error | null = null;

  constructor(job: SpanJob) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startAudioWorker({ role: 'span', job, port: port2 }, [port2]);
    let answered = false;
    this.outcome = new Promise<SpanOutcome>((resolve, reject) => {
      this.rejects.push(reject);
      port1.on('message', (m: FromSpanWorker | { ok: false; error: { message: string } }) => {
        if ('ok' in m) return this.fail(new Error(m.error.message));
        if (m.type === 'error') return this.fail(new Error(`audio span worker: ${m.message}`));
        answered = true;
        if (m.type === 'outcome') resolve(m.outcome);
        else this.onActivities?.(m.activities);
      });
    });
    this.outcome.catch(() => undefined);
    this.worker.on('error', (err) => this.fail(err));
    // The worker posts and closes the port; messages and the thread's exit travel separately, so a missing
    // answer is judged when the port closes, not when the thread exits.
    port1.on('close', () => {
      if (!answered) this.fail(new Error('audio span worker ended without a result'));
    });
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`audio span worker exited with code ${code}`));
    });
  }

  private fail(err: Error): void {
    this.settledError ??= err;
    for (const r of this.rejects) r(err);
  }

  /** Speech detection of these channels on the worker (their sub-band energies move there and are let go here). */
  detect(vad: VadOptions, features: { channel: number; f: ChannelFeatures }[]): Promise<ChannelActivityOf[]> {
    if (features.length === 0) {
      this.port.postMessage({ type: 'done' } satisfies ToSpanWorker);
      return Promise.resolve([]);
    }
    const p = new Promise<ChannelActivityOf[]>((resolve, reject) => {
      this.onActivities = resolve;
      this.rejects.push(reject);
      if (this.settledError) reject(this.settledError);
    });
    const channels = features.map(({ channel, f }) => ({ channel, bandEnergy: f.bandEnergy, speechEnergy: f.speechEnergy.slice() }));
    // Moved (transferred) only from a recording long enough for this thread to be retired after it: a transfer
    // detaches the buffers here, which slows every typed-array access of a thread that is kept
    // (analysis-worker-protocol.ts, REUSE_MAX_MS). Shorter ones are copied: a few megabytes at most.
    const seconds = (features[0]?.f.frames ?? 0) / (features[0]?.f.sampleRate || 1);
    const transfer = seconds * 1000 > REUSE_MAX_MS ? channels.flatMap((c) => c.bandEnergy.map((b) => b.buffer as ArrayBuffer)) : [];
    this.port.postMessage({ type: 'vad', vad, channels } satisfies ToSpanWorker, transfer);
    for (const { f } of features) f.bandEnergy = [];
    return p;
  }

  /** Ends the thread; resolves once it (and the memory it held) is gone. */
  async stop(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}

/**
 * The hashing thread's whole program: it needs nothing of the analysis, so it runs as a few lines of its own
 * instead of the analysis bundle (whose decoders would cost the thread tens of megabytes for nothing).
 */
const HASH_WORKER = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const { path, port, block } = workerData;
try {
  const fd = openSync(path, 'r');
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(block);
  try {
    for (let n; (n = readSync(fd, buf, 0, block, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  port.postMessage({ ok: true, sha256: hash.digest('hex') });
} catch (err) {
  port.postMessage({ ok: false, error: { message: String(err && err.message || err) } });
}
port.close();
`;

/** SHA-256 of the whole file, on a thread of its own. */
export function hashOnWorker(path: string): { sha256: Promise<string>; stop: () => Promise<unknown> } {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: { path, port: port2, block: READ_BLOCK }, transferList: [port2], execArgv: [] });
  worker.unref();
  const sha256 = new Promise<string>((resolve, reject) => {
    port1.once('message', (m: { ok: true; sha256: string } | { ok: false; error: { message: string } }) => (m.ok ? resolve(m.sha256) : reject(new Error(m.error.message))));
    worker.on('error', reject);
    port1.on('close', () => reject(new Error('the hashing thread ended without a result')));
  });
  sha256.catch(() => undefined);
  return {
    sha256,
    stop: () => {
      port1.close();
      return worker.terminate();
    },
  };
}
