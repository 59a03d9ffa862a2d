/**
 * Per-channel float buffers a decoder copies its output into, kept from one push to the next: the decoder
 * packages hand back fresh arrays per packet and then a fresh concatenation per call, which on a long
 * recording made garbage collection a large part of the analysis (a second per hour of Vorbis per thread).
 * What `views` returns is valid until the next `reset` (StreamDecoder's contract: until the next call).
 */
export class DecodedBuffers {
  private buffers: Float32Array[] = [];
  /** Samples per channel held since the last reset. */
  length = 0;

  /** Empties the buffers for `channels` channels (their memory is kept). */
  reset(channels: number): void {
    while (this.buffers.length < channels) this.buffers.push(new Float32Array(this.buffers[0]?.length ?? 1 << 14));
    this.buffers.length = channels;
    this.length = 0;
  }

  get channels(): number {
    return this.buffers.length;
  }

  /** Appends `n` samples to every channel: channel c's from `source` at `offsets[c]`. */
  append(source: Float32Array, offsets: readonly number[], n: number): void {
    this.reserve(this.length + n);
    for (let c = 0; c < this.buffers.length; c++) this.buffers[c]!.set(source.subarray(offsets[c]!, offsets[c]! + n), this.length);
    this.length += n;
  }

  /** `n` zeros in every channel at sample `at`, what was from there on moved after them. */
  insertSilence(at: number, n: number): void {
    this.reserve(this.length + n);
    for (const b of this.buffers) {
      b.copyWithin(at + n, at, this.length);
      b.fill(0, at, at + n);
    }
    this.length += n;
  }

  /** Drops the last `n` samples of every channel. */
  trim(n: number): void {
    this.length = Math.max(0, this.length - n);
  }

  /** The samples held, one view per channel. */
  views(): Float32Array[] {
    return this.buffers.map((b) => b.subarray(0, this.length));
  }

  private reserve(n: number): void {
    const size = this.buffers[0]?.length ?? 0;
    if (n <= size) return;
    let grown = Math.max(size, 1 << 14);
    while (grown < n) grown *= 2;
    this.buffers = this.buffers.map((b) => {
      const g = new Float32Array(grown);
      g.set(b.subarray(0, this.length));
      return g;
    });
  }
}
