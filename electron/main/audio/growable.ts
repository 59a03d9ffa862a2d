/**
 * Append-only int16 storage for per-frame features of a recording whose length is unknown until the end.
 * Fixed-size chunks rather than a doubling array: no spare capacity to carry (a doubling array is up to
 * twice its data, plus the copy on every growth), and the exact-size copy is made once, at the end.
 *
 * When the length is known in advance (`expected`: WAV, FLAC and Ogg say how long they are), the first
 * chunk holds it all and the end needs no copy: a copy of every feature array of a 2-hour call is tens of
 * megabytes alive twice over until the old chunks are collected, at the moment memory peaks.
 */
import { log10 } from './fast-log';

const CHUNK = 1 << 16;

type Store = Int16Array;

class Growable<T extends Store> {
  private readonly chunks: T[] = [];
  private current: T;
  private used = 0;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    expected = 0,
  ) {
    this.current = make(expected > CHUNK ? Math.ceil(expected * 1.001) + 64 : CHUNK);
  }

  push(v: number): void {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = this.make(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = v;
    this.length++;
  }

  /** The values pushed so far, as one exact-size array (a view of the only chunk when there is one); the chunks are released. */
  toArray(): T {
    if (this.chunks.length === 0 && this.used > CHUNK && this.used >= 0.9 * this.current.length) {
      const only = this.current.subarray(0, this.used) as T;
      this.current = this.make(0);
      this.used = 0;
      return only;
    }
    const out = this.make(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.current.subarray(0, this.used), o);
    this.chunks.length = 0;
    this.current = this.make(0);
    this.used = 0;
    return out;
  }
}

export class GrowableInt16 extends Growable<Int16Array> {
  /** `expected`: how many values there will be, when known (a hint: more may come). */
  constructor(expected = 0) {
    super((n) => new Int16Array(n), expected);
  }
}


/** Energies are kept as centi-decibels in int16: 0.01 dB steps over ±327 dB, half the memory of float32. */
export const toCentiDb = (db: number): number => Math.max(-32768, Math.min(32767, Math.round(db * 100)));

export const powerToDb = (meanSquare: number): number => 10 * log10(meanSquare + 1e-12);

/** `parts` one after another in one new array made by `make`. */
export function concatArrays<T extends Uint8Array | Int16Array>(parts: readonly T[], make: (length: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
