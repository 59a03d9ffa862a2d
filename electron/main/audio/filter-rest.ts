import { powerToDb, toCentiDb } from './growable';

/**
 * A filter whose state has decayed below this is at rest: set to exactly zero. Left alone, a filter fed
 * digital silence never gets there (rounding sustains a cycle of denormal numbers, each operation on
 * which can cost a hundred cycles); anything this small vanishes from every output anyway (it squares
 * to nothing next to the 1e-12 floor of the energies, and rounds to 0 as a float32 band sample).
 */
export const AT_REST = 1e-60;

/** Centi-dB of a mean square, without a logarithm for the frames of digital silence. */
const SILENT_CENTI_DB = toCentiDb(powerToDb(0));
export const centiDb = (meanSquare: number): number => (meanSquare === 0 ? SILENT_CENTI_DB : toCentiDb(powerToDb(meanSquare)));

/** Stretches [from, to) of exact zeros within one push, merged; at most a few hundred. */
export class ZeroRuns {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  count = 0;

  add(from: number, to: number): void {
    const k = this.count;
    if (k > 0 && this.ends[k - 1] === from) {
      this.ends[k - 1] = to;
      return;
    }
    if (k === this.starts.length) {
      const starts = new Int32Array(2 * k);
      const ends = new Int32Array(2 * k);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[k] = from;
    this.ends[k] = to;
    this.count = k + 1;
  }
}
