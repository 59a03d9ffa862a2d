import { describe, expect, it } from 'vitest';
import { FINEST_PEAKS_PER_SECOND, LEVEL_FACTOR, PeakBuilder } from '../../../electron/main/audio/peaks';

describe('PeakBuilder', () => {
  it('builds the same min/max pairs whatever the chunking, at three resolutions', () => {
    const rate = 8000;
    const n = rate * 3 + 17;
    const a = new Float32Array(n).map((_, i) => Math.sin(i / 7) * (i / n));
    const b = new Float32Array(n).map((_, i) => (i % 1000 < 3 ? -1 : 0.1));
    const whole = new PeakBuilder(rate, 2);
    whole.push([a, b], n);
    const chunked = new PeakBuilder(rate, 2);
    for (let i = 0; i < n; i += 333) chunked.push([a.subarray(i, i + 333), b.subarray(i, i + 333)], Math.min(333, n - i));
    const levels = whole.finish();
    expect(chunked.finish()).toEqual(levels);
    const spp = rate / FINEST_PEAKS_PER_SECOND;
    expect(levels.filter((l) => l.channel === 0).map((l) => l.samplesPerPeak)).toEqual([spp, spp * LEVEL_FACTOR, spp * LEVEL_FACTOR ** 2]);
    const finest = levels[0]!;
    expect(finest.data.length).toBe(2 * Math.ceil(n / spp));
    // Bucket 0 of channel 1 holds the -1 spike and the 0.1 plateau.
    const ch1 = levels.find((l) => l.channel === 1)!;
    expect([ch1.data[0], ch1.data[1]]).toEqual([-32767, Math.round(0.1 * 32767)]);
    // A coarser bucket is the min/max of the eight finer ones under it.
    const coarse = levels[1]!;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < LEVEL_FACTOR; k++) {
      lo = Math.min(lo, finest.data[2 * k]!);
      hi = Math.max(hi, finest.data[2 * k + 1]!);
    }
    expect([coarse.data[0], coarse.data[1]]).toEqual([lo, hi]);
  });
});
