/**
 * The analyzers of several channels of one recording on one thread, pushed together so that channels
 * resampled to the analysis rate share a decimator two by two (decimator.ts: the two lanes of its kernel
 * cost about what one channel alone did).
 */
import { ANALYSIS_RATE, ChannelAnalyzer, type ChannelAnalyzerOptions } from './channel-analyzer';
import { Decimator } from './decimator';

export class ChannelSet {
  /** One per channel of the set, in the order given. */
  readonly analyzers: ChannelAnalyzer[];
  private readonly decimators: Decimator[] = [];

  constructor(count: number, sampleRate: number, options: ChannelAnalyzerOptions, maxChunkFrames: number, expectedFrames: number) {
    const resample = Decimator.needsResampling(sampleRate, ANALYSIS_RATE);
    this.analyzers = Array.from({ length: count }, (_, k) => {
      if (!resample) return new ChannelAnalyzer(sampleRate, options, maxChunkFrames, expectedFrames);
      if (k % 2 === 0) this.decimators.push(new Decimator(sampleRate, ANALYSIS_RATE, maxChunkFrames));
      return new ChannelAnalyzer(sampleRate, options, maxChunkFrames, expectedFrames, { decimator: this.decimators[k >> 1]!, lane: (k % 2) as 0 | 1 });
    });
  }

  /** `frames` frames of every channel of the set (`samples(k)`: the k-th channel's). */
  push(samples: (k: number) => Float32Array, frames: number): void {
    this.pushChunk(samples, frames, true);
  }

  /** The same, after a span's end: only the speech-band signals (ChannelAnalyzer.take). */
  pushBandOnly(samples: (k: number) => Float32Array, frames: number): void {
    this.pushChunk(samples, frames, false);
  }

  private pushChunk(samples: (k: number) => Float32Array, frames: number, measure: boolean): void {
    const list = this.analyzers;
    for (let k = 0; k < list.length; k++) list[k]!.take(samples(k), frames, measure);
    if (this.decimators.length === 0) {
      for (const a of list) a.filter(frames);
      return;
    }
    for (let d = 0; d < this.decimators.length; d++) {
      const a = list[2 * d]!;
      const b = list[2 * d + 1];
      const n = this.decimators[d]!.run(frames, b ? [a.takenZeros, b.takenZeros] : [a.takenZeros]);
      a.filter(n);
      b?.filter(n);
    }
  }
}
