/**
 * Min/max envelope of each channel, built in one streaming pass and stored at several resolutions so the
 * view can draw a whole long call at once and still zoom to a single word without decoding the audio.
 */

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

export class PeakBuilder {
  readonly samplesPerPeak: number;
  private readonly mins: number[][];
  private readonly maxs: number[][];
  private readonly curMin: Float64Array;
  private readonly curMax: Float64Array;
  private inBucket = 0;

  constructor(
    sampleRate: number,
    private readonly channels: number,
  ) {
    this.samplesPerPeak = Math.max(1, Math.round(sampleRate / FINEST_PEAKS_PER_SECOND));
    this.mins = Array.from({ length: channels }, () => []);
    this.maxs = Array.from({ length: channels }, () => []);
    this.curMin = new Float64Array(channels).fill(Infinity);
    this.curMax = new Float64Array(channels).fill(-Infinity);
  }

  /** Feeds `frames` decoded frames (one array per channel). */
  push(samples: Float32Array[], frames: number): void {
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < this.channels; c++) {
        const v = samples[c]![f]!;
        if (v < this.curMin[c]!) this.curMin[c] = v;
        if (v > this.curMax[c]!) this.curMax[c] = v;
      }
      if (++this.inBucket === this.samplesPerPeak) this.closeBucket();
    }
  }

  private closeBucket(): void {
    for (let c = 0; c < this.channels; c++) {
      this.mins[c]!.push(this.curMin[c]!);
      this.maxs[c]!.push(this.curMax[c]!);
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
      let mins = this.mins[c]!;
      let maxs = this.maxs[c]!;
      let spp = this.samplesPerPeak;
      for (let level = 0; level < LEVELS; level++) {
        out.push({ channel: c, samplesPerPeak: spp, data: toInt16Pairs(mins, maxs) });
        if (mins.length <= 1) break;
        [mins, maxs] = merge(mins, maxs, LEVEL_FACTOR);
        spp *= LEVEL_FACTOR;
      }
    }
    return out;
  }
}

function merge(mins: number[], maxs: number[], factor: number): [number[], number[]] {
  const outMin: number[] = [];
  const outMax: number[] = [];
  for (let i = 0; i < mins.length; i += factor) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = i; j < Math.min(i + factor, mins.length); j++) {
      lo = Math.min(lo, mins[j]!);
      hi = Math.max(hi, maxs[j]!);
    }
    outMin.push(lo);
    outMax.push(hi);
  }
  return [outMin, outMax];
}

const clamp16 = (v: number): number => Math.max(-32767, Math.min(32767, Math.round(v * 32767)));

function toInt16Pairs(mins: number[], maxs: number[]): Int16Array {
  const data = new Int16Array(mins.length * 2);
  for (let i = 0; i < mins.length; i++) {
    data[2 * i] = clamp16(mins[i]!);
    data[2 * i + 1] = clamp16(maxs[i]!);
  }
  return data;
}
