/**
 * Min/max envelope of each channel, built in one streaming pass and stored at several resolutions so the
 * view can draw a whole long call at once and still zoom to a single word without decoding the audio.
 * The finest level is kept as int16 pairs as it is built (a 2-hour stereo call: about 11 MB), never as
 * JS number arrays.
 */
import { GrowableInt16 } from './growable';

/** Finest resolution: one min/max pair per 5 ms, enough to see the gaps between words. */
export const FINEST_PEAKS_PER_SECOND = 200;
/** Each coarser level merges this many buckets of the level below. */
export const LEVEL_FACTOR = 8;
const LEVELS = 3;

export interface PeakLevel {
  channel: number;
  samplesPerPeak: number;
  data: Int16Array;
}

const clamp16 = (v: number): number => (v >= 1 ? 32767 : v <= -1 ? -32767 : Math.round(v * 32767));

/** Finest min/max peaks of one channel, one int16 pair per bucket, built as the samples stream past. */
export class PeakTrack {
  readonly samplesPerPeak: number;
  private readonly pairs: GrowableInt16;
  /** The open bucket (ChannelAnalyzer keeps these itself, in the same loop as its statistics). */
  min = Infinity;
  max = -Infinity;
  inBucket = 0;

  /** `expectedFrames`: the recording's length when known in advance (sizes the storage), else 0. */
  constructor(sampleRate: number, expectedFrames = 0) {
    this.samplesPerPeak = Math.max(1, Math.round(sampleRate / FINEST_PEAKS_PER_SECOND));
    this.pairs = new GrowableInt16(2 * Math.ceil(expectedFrames / this.samplesPerPeak));
  }

  push(x: Float32Array, frames: number): void {
    const spp = this.samplesPerPeak;
    let lo = this.min;
    let hi = this.max;
    let inBucket = this.inBucket;
    let i = 0;
    while (i < frames) {
      const end = Math.min(frames, i + spp - inBucket);
      inBucket += end - i;
      for (; i < end; i++) {
        const v = x[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (inBucket === spp) {
        this.close(lo, hi);
        lo = Infinity;
        hi = -Infinity;
        inBucket = 0;
      }
    }
    this.min = lo;
    this.max = hi;
    this.inBucket = inBucket;
  }

  /** Appends one finished bucket. */
  close(lo: number, hi: number): void {
    this.pairs.push(clamp16(lo));
    this.pairs.push(clamp16(hi));
  }

  /** Closes the last partial bucket; the finest level's pairs. */
  finish(): Int16Array {
    if (this.inBucket > 0) {
      this.pairs.push(clamp16(this.min));
      this.pairs.push(clamp16(this.max));
      this.min = Infinity;
      this.max = -Infinity;
      this.inBucket = 0;
    }
    return this.pairs.toArray();
  }
}

/** Every level of one channel, finest first, from its finest pairs. */
export function peakLevels(channel: number, finest: Int16Array, samplesPerPeak: number): PeakLevel[] {
  const out: PeakLevel[] = [];
  let data = finest;
  let spp = samplesPerPeak;
  for (let level = 0; level < LEVELS; level++) {
    out.push({ channel, samplesPerPeak: spp, data });
    if (data.length <= 2) break;
    data = mergePairs(data, LEVEL_FACTOR);
    spp *= LEVEL_FACTOR;
  }
  return out;
}

/** Peaks of several channels at once (one PeakTrack each). */
export class PeakBuilder {
  readonly samplesPerPeak: number;
  private readonly tracks: PeakTrack[];

  constructor(sampleRate: number, channels: number) {
    this.tracks = Array.from({ length: channels }, () => new PeakTrack(sampleRate));
    this.samplesPerPeak = this.tracks[0]?.samplesPerPeak ?? Math.max(1, Math.round(sampleRate / FINEST_PEAKS_PER_SECOND));
  }

  /** Feeds `frames` decoded frames (one array per channel). */
  push(samples: readonly Float32Array[], frames: number): void {
    for (let c = 0; c < this.tracks.length; c++) this.tracks[c]!.push(samples[c]!, frames);
  }

  /** Closes the last partial bucket and returns every level for every channel, finest first. */
  finish(): PeakLevel[] {
    return this.tracks.flatMap((t, c) => peakLevels(c, t.finish(), t.samplesPerPeak));
  }
}

function mergePairs(pairs: Int16Array, factor: number): Int16Array {
  const count = pairs.length / 2;
  const out = new Int16Array(Math.ceil(count / factor) * 2);
  for (let i = 0, o = 0; i < count; i += factor, o += 2) {
    let lo = 32767;
    let hi = -32767;
    for (let j = i; j < Math.min(i + factor, count); j++) {
      lo = Math.min(lo, pairs[2 * j]!);
      hi = Math.max(hi, pairs[2 * j + 1]!);
    }
    out[o] = lo;
    out[o + 1] = hi;
  }
  return out;
}
