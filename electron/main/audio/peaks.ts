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

export class PeakBuilder {
  readonly samplesPerPeak: number;
  private readonly pairs: GrowableInt16[];
  private readonly curMin: Float64Array;
  private readonly curMax: Float64Array;
  private inBucket = 0;

  constructor(
    sampleRate: number,
    private readonly channels: number,
  ) {
    this.samplesPerPeak = Math.max(1, Math.round(sampleRate / FINEST_PEAKS_PER_SECOND));
    this.pairs = Array.from({ length: channels }, () => new GrowableInt16());
    this.curMin = new Float64Array(channels).fill(Infinity);
    this.curMax = new Float64Array(channels).fill(-Infinity);
  }

  /** Feeds `frames` decoded frames (one array per channel). */
  push(samples: readonly Float32Array[], frames: number): void {
    const spp = this.samplesPerPeak;
    let f = 0;
    while (f < frames) {
      const n = Math.min(frames - f, spp - this.inBucket);
      for (let c = 0; c < this.channels; c++) {
        const s = samples[c]!;
        let lo = this.curMin[c]!;
        let hi = this.curMax[c]!;
        for (let i = f; i < f + n; i++) {
          const v = s[i]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        this.curMin[c] = lo;
        this.curMax[c] = hi;
      }
      f += n;
      this.inBucket += n;
      if (this.inBucket === spp) this.closeBucket();
    }
  }

  private closeBucket(): void {
    for (let c = 0; c < this.channels; c++) {
      this.pairs[c]!.push(clamp16(this.curMin[c]!));
      this.pairs[c]!.push(clamp16(this.curMax[c]!));
      this.curMin[c] = Infinity;
      this.curMax[c] = -Infinity;
    }
    this.inBucket = 0;
  }

  /** Closes the last partial bucket and returns every level for every channel, finest first. */
  finish(): PeakLevel[] {
    if (this.inBucket > 0) this.closeBucket();
    const out: PeakLevel[] = [];
    for (let c = 0; c < this.channels; c++) {
      let data = this.pairs[c]!.toArray();
      let spp = this.samplesPerPeak;
      for (let level = 0; level < LEVELS; level++) {
        out.push({ channel: c, samplesPerPeak: spp, data });
        if (data.length <= 2) break;
        data = mergePairs(data, LEVEL_FACTOR);
        spp *= LEVEL_FACTOR;
      }
    }
    return out;
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
