/**
 * The streaming pass over two threads. The thread that reads, hashes and decodes the recording (the
 * "reader") hands each decoded chunk's samples to a helper thread that runs the per-channel analysis (and
 * the echo analysis) on them, so decoding and analysis overlap instead of taking turns; at the end each
 * thread runs the speech detection for half of the channels. Which channels the reader analyses itself
 * depends on how busy decoding keeps it: none for compressed codecs, half of them for PCM WAV.
 *
 * The analysis code and its arithmetic are the same on either thread, chunk for chunk, so the result is
 * the same as on one thread (tests/unit/audio/parallel-analysis.test.ts).
 *
 * The samples cross in a fixed pool of shared memory (SLOTS slots of SLOT_FRAMES frames per channel): the
 * reader copies a chunk into a free slot and says which; the helper analyses it there and hands the slot
 * back. A slow helper so holds the reader back instead of letting decoded audio pile up, and no buffer
 * changes threads: arrays moved between threads are not counted as memory pressure by the receiving
 * thread's collector, so dead ones pile up by the tens of megabytes between its collections.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { ChannelGroup, type ChannelResult, type GroupSetup } from './channel-group';
import type { EchoPairFeatures } from './echo-analyzer';
import { detectSpeech, type ChannelActivity, type VadOptions } from './speech-activity';
import { startAudioWorker } from './worker-entry';

/** Frames per channel in one slot of the shared pool (2.7 s at 48 kHz; a stereo slot is 1 MB). */
const SLOT_FRAMES = 1 << 17;
/** Slots in the pool: chunks the helper may have queued. */
const SLOTS = 4;

type ToHelper =
  | { type: 'setup'; setup: GroupSetup; pool: SharedArrayBuffer }
  | { type: 'chunk'; slot: number; frames: number; bands: (Float32Array | null)[] }
  | { type: 'finish'; vad: VadOptions | null; vadHere: number[] };

export interface ChannelActivityResult {
  channel: number;
  activity: ChannelActivity;
}

type FromHelper =
  | { type: 'ack'; slot: number }
  | { type: 'channels'; results: ChannelResult[] }
  | { type: 'done'; results: ChannelResult[]; activities: ChannelActivityResult[]; echo: EchoPairFeatures | null }
  | { type: 'error'; message: string }
  | { ok: false; error: { message: string } };

/** The typed arrays of channel results, moved rather than copied to the other thread. */
export function resultBuffers(results: ChannelResult[]): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const r of results) {
    set.add(r.finestPeaks.buffer as ArrayBuffer);
    set.add(r.features.speechEnergy.buffer as ArrayBuffer);
    set.add(r.features.levelEnvelope.buffer as ArrayBuffer);
    for (const b of r.features.bandEnergy) set.add(b.buffer as ArrayBuffer);
  }
  return [...set];
}

/** Per slot, per channel: its region of the shared pool (channels analysed by the helper only). */
function slotViews(pool: SharedArrayBuffer, channels: number, remote: number[]): (Float32Array | null)[][] {
  return Array.from({ length: SLOTS }, (_, slot) =>
    Array.from({ length: channels }, (_, c) => {
      const k = remote.indexOf(c);
      return k < 0 ? null : new Float32Array(pool, (slot * remote.length + k) * SLOT_FRAMES * 4, SLOT_FRAMES);
    }),
  );
}

/**
 * Speech activity of one channel; its sub-band energies, needed for nothing else, are let go at once (they
 * are most of a channel's features, and the other thread may be detecting speech at the same time).
 */
export function speechActivityOf(r: ChannelResult, vad: VadOptions): ChannelActivity {
  const activity = detectSpeech(r.features.bandEnergy, r.features.speechEnergy, vad);
  r.features.bandEnergy = [];
  return activity;
}

/** Helper side: runs in the worker started with `{ role: 'channels', port }`. */
export function runChannelHelper(port: MessagePort): void {
  let group: ChannelGroup | null = null;
  let slots: (Float32Array | null)[][] = [];
  const fail = (err: unknown): void => {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromHelper);
    port.close();
  };
  port.on('message', (m: ToHelper) => {
    try {
      if (m.type === 'setup') {
        group = new ChannelGroup(m.setup);
        slots = slotViews(m.pool, m.setup.channels, m.setup.mine);
      } else if (m.type === 'chunk') {
        if (!group) throw new Error('audio analysis helper: samples before setup');
        group.addExternalBands(m.bands);
        group.push(slots[m.slot]!.map((x) => x?.subarray(0, m.frames) ?? null), m.frames);
        port.postMessage({ type: 'ack', slot: m.slot } satisfies FromHelper);
      } else if (m.type === 'finish') {
        if (!group) throw new Error('audio analysis helper: finish before setup');
        const results = group.finishChannels();
        const echo = group.finishEcho();
        // The reader's share of the speech detection first, so both threads run theirs at once.
        const forReader = results.filter((r) => !m.vadHere.includes(r.channel));
        port.postMessage({ type: 'channels', results: forReader } satisfies FromHelper, resultBuffers(forReader));
        const mine = results.filter((r) => m.vadHere.includes(r.channel));
        const vad = m.vad;
        const activities = vad ? mine.map((r) => ({ channel: r.channel, activity: speechActivityOf(r, vad) })) : [];
        port.postMessage({ type: 'done', results: mine, activities, echo } satisfies FromHelper, resultBuffers(mine));
        port.close();
      }
    } catch (err) {
      fail(err);
    }
  });
}

/** Reader side: the helper thread and its message port. */
export class HelperLink {
  /** Per slot, per channel: the shared pool (set up with the first chunk). */
  private slots: (Float32Array | null)[][] = [];
  private readonly free: number[] = [];
  private creditWaiter: (() => void) | null = null;
  private error: Error | null = null;
  private finished = false;
  private onChannels: ((r: ChannelResult[]) => void) | null = null;
  private onDone: ((r: Extract<FromHelper, { type: 'done' }>) => void) | null = null;
  private onError: ((e: Error) => void)[] = [];

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
  ) {
    port.on('message', (m: FromHelper) => this.receive(m));
    let portClosed = false;
    let exitedCleanly = false;
    const exitedEarly = (code: number): void => {
      if (!this.finished) this.fail(new Error(`the audio analysis helper thread exited (code ${code}) before it finished`));
    };
    // The helper posts its last message and closes the port before it exits, but the port's messages and
    // the worker's exit arrive on different channels: a clean exit is judged only once the port has closed
    // (its queued messages delivered), or it would race the 'done' message under load.
    port.on('close', () => {
      portClosed = true;
      if (exitedCleanly) exitedEarly(0);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (code !== 0 || portClosed) return exitedEarly(code);
      exitedCleanly = true;
    });
  }

  static start(): HelperLink {
    const { port1, port2 } = new MessageChannel();
    const worker = startAudioWorker({ role: 'channels', port: port2 }, [port2]);
    return new HelperLink(worker, port1);
  }

  private receive(m: FromHelper): void {
    if ('ok' in m) return this.fail(new Error(m.error.message));
    switch (m.type) {
      case 'ack':
        this.free.push(m.slot);
        this.creditWaiter?.();
        this.creditWaiter = null;
        return;
      case 'channels':
        this.onChannels?.(m.results);
        return;
      case 'done':
        this.finished = true;
        this.onDone?.(m);
        return;
      case 'error':
        return this.fail(new Error(`audio analysis helper: ${m.message}`));
    }
  }

  /** The helper has failed (its error is thrown by the next send or finish). */
  get failed(): boolean {
    return this.error !== null;
  }

  private fail(err: Error): void {
    if (this.error || this.finished) return;
    this.error = err;
    this.creditWaiter?.();
    this.creditWaiter = null;
    for (const f of this.onError) f(err);
  }

  setup(setup: GroupSetup): void {
    const remote = setup.mine;
    const pool = new SharedArrayBuffer(SLOTS * remote.length * SLOT_FRAMES * 4);
    this.slots = slotViews(pool, setup.channels, remote);
    for (let i = 0; i < SLOTS; i++) this.free.push(i);
    this.port.postMessage({ type: 'setup', setup, pool } satisfies ToHelper);
  }

  /**
   * Hands over one chunk (`data[c]` for each of the helper's channels, copied into the pool a slot at a
   * time), waiting for a free slot whenever the helper is behind; `bands` go with its first slot.
   */
  async send(frames: number, data: readonly Float32Array[], bands: (Float32Array | null)[]): Promise<void> {
    const transfer = bands.filter((b): b is Float32Array => b !== null).map((b) => b.buffer as ArrayBuffer);
    for (let from = 0; from < frames; from += SLOT_FRAMES) {
      const n = Math.min(SLOT_FRAMES, frames - from);
      while (this.free.length === 0 && !this.error) await new Promise<void>((resolve) => (this.creditWaiter = resolve));
      if (this.error) throw this.error;
      const slot = this.free.pop()!;
      const views = this.slots[slot]!;
      for (let c = 0; c < views.length; c++) views[c]?.set(data[c]!.subarray(from, from + n));
      const first = from === 0;
      this.port.postMessage({ type: 'chunk', slot, frames: n, bands: first ? bands : [] } satisfies ToHelper, first ? transfer : []);
    }
  }

  /**
   * Ends the stream. `channels` resolves with the helper's channels the reader is to run speech detection
   * on; `done` with the rest, their speech activity (channels in `vadHere`) and the echo features.
   */
  finish(
    vad: VadOptions | null,
    vadHere: number[],
  ): { channels: Promise<ChannelResult[]>; done: Promise<{ results: ChannelResult[]; activities: ChannelActivityResult[]; echo: EchoPairFeatures | null }> } {
    const channels = new Promise<ChannelResult[]>((resolve, reject) => {
      this.onChannels = resolve;
      this.onError.push(reject);
    });
    const done = new Promise<{ results: ChannelResult[]; activities: ChannelActivityResult[]; echo: EchoPairFeatures | null }>((resolve, reject) => {
      this.onDone = (m) => resolve({ results: m.results, activities: m.activities, echo: m.echo });
      this.onError.push(reject);
    });
    // Rejections are handled by whoever awaits; never let one go unobserved.
    channels.catch(() => undefined);
    done.catch(() => undefined);
    if (this.error) for (const f of this.onError) f(this.error);
    else this.port.postMessage({ type: 'finish', vad, vadHere } satisfies ToHelper);
    return { channels, done };
  }

  /** Stops the helper (at the end, or when the analysis fails part way). */
  dispose(): void {
    this.finished = true;
    this.port.close();
    void this.worker.terminate();
  }

  /** Stops the helper and waits until its thread, and the memory it held, are gone. */
  async close(): Promise<void> {
    this.finished = true;
    this.port.close();
    await this.worker.terminate();
  }
}
